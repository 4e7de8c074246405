#!/usr/bin/python3
"""A small CRI (Kubernetes Container Runtime Interface v1) client for runh's tests.

It speaks gRPC to a CRI server (containerd's CRI plugin) on a unix socket with the
messages of tests/cri/cri.proto, whose Python stubs it generates on first use into
--stubs DIR (grpc_tools.protoc; nothing generated is committed). Requests are given as
JSON (protobuf's JSON mapping of the messages, field names as in cri.proto), answers are
printed as JSON; one command per invocation, in the manner of crictl:

  cri.py --sock S --stubs D version | status | images
  cri.py ... runp POD.json                      -> pod sandbox id
  cri.py ... stopp ID | rmp ID | inspectp ID | pods
  cri.py ... create POD-ID CONTAINER.json POD.json   -> container id
  cri.py ... start ID | stop ID TIMEOUT | rm ID | inspect ID | stats ID | ps [POD-ID]
  cri.py ... update ID RESOURCES.json           UpdateContainerResources (LinuxContainerResources)
  cri.py ... exec ID TIMEOUT CMD [ARG...]       the command's stdout and stderr, its exit code
  cri.py ... pidof ID                           the container's process on the host (inspect's info)

Errors (a gRPC status) go to stderr as "cri.py: METHOD: CODE: DETAILS", exit status 125.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_stubs(stubs):
    """Generates cri_pb2*.py from cri.proto into the directory stubs (once) and imports them."""
    if not os.path.exists(os.path.join(stubs, "cri_pb2_grpc.py")):
        os.makedirs(stubs, exist_ok=True)
        subprocess.run([sys.executable, "-m", "grpc_tools.protoc", "-I", HERE,
                        "--python_out=" + stubs, "--grpc_python_out=" + stubs,
                        os.path.join(HERE, "cri.proto")], check=True)
    sys.path.insert(0, stubs)
    import cri_pb2
    import cri_pb2_grpc
    return cri_pb2, cri_pb2_grpc


def usage():
    sys.stderr.write(__doc__)
    sys.exit(2)


def main(argv):
    sock = stubs = None
    while len(argv) >= 2 and argv[0] in ("--sock", "--stubs"):
        if argv[0] == "--sock":
            sock = argv[1]
        else:
            stubs = argv[1]
        argv = argv[2:]
    if not sock or not stubs or not argv:
        usage()
    pb, pbg = load_stubs(stubs)
    import grpc
    from google.protobuf import json_format

    def msg(cls, js):
        return json_format.ParseDict(js, cls(), ignore_unknown_fields=False)

    def load(path):
        with open(path) as f:
            return json.load(f)

    def show(m):
        try:
            js = json_format.MessageToJson(m, preserving_proto_field_name=True,
                                           including_default_value_fields=True)
        except TypeError:  # protobuf >= 5 renamed the option
            js = json_format.MessageToJson(m, preserving_proto_field_name=True,
                                           always_print_fields_with_no_presence=True)
        print(js)

    ch = grpc.insecure_channel("unix://" + sock)
    rt = pbg.RuntimeServiceStub(ch)
    im = pbg.ImageServiceStub(ch)
    cmd, args = argv[0], argv[1:]
    call = None
    try:
        if cmd == "version":
            call = "Version"
            show(rt.Version(pb.VersionRequest(version="v1"), timeout=10))
        elif cmd == "status":
            call = "Status"
            show(rt.Status(pb.StatusRequest(verbose=False), timeout=10))
        elif cmd == "images":
            call = "ListImages"
            show(im.ListImages(pb.ListImagesRequest(), timeout=10))
        elif cmd == "runp":
            call = "RunPodSandbox"
            r = rt.RunPodSandbox(pb.RunPodSandboxRequest(
                config=msg(pb.PodSandboxConfig, load(args[0]))), timeout=60)
            print(r.pod_sandbox_id)
        elif cmd == "stopp":
            call = "StopPodSandbox"
            rt.StopPodSandbox(pb.StopPodSandboxRequest(pod_sandbox_id=args[0]), timeout=60)
        elif cmd == "rmp":
            call = "RemovePodSandbox"
            rt.RemovePodSandbox(pb.RemovePodSandboxRequest(pod_sandbox_id=args[0]), timeout=60)
        elif cmd == "inspectp":
            call = "PodSandboxStatus"
            show(rt.PodSandboxStatus(pb.PodSandboxStatusRequest(pod_sandbox_id=args[0],
                                                                verbose=True), timeout=10))
        elif cmd == "pods":
            call = "ListPodSandbox"
            show(rt.ListPodSandbox(pb.ListPodSandboxRequest(), timeout=10))
        elif cmd == "create":
            call = "CreateContainer"
            r = rt.CreateContainer(pb.CreateContainerRequest(
                pod_sandbox_id=args[0], config=msg(pb.ContainerConfig, load(args[1])),
                sandbox_config=msg(pb.PodSandboxConfig, load(args[2]))), timeout=60)
            print(r.container_id)
        elif cmd == "start":
            call = "StartContainer"
            rt.StartContainer(pb.StartContainerRequest(container_id=args[0]), timeout=60)
        elif cmd == "stop":
            call = "StopContainer"
            rt.StopContainer(pb.StopContainerRequest(container_id=args[0],
                                                     timeout=int(args[1])),
                             timeout=int(args[1]) + 60)
        elif cmd == "rm":
            call = "RemoveContainer"
            rt.RemoveContainer(pb.RemoveContainerRequest(container_id=args[0]), timeout=60)
        elif cmd == "inspect":
            call = "ContainerStatus"
            show(rt.ContainerStatus(pb.ContainerStatusRequest(container_id=args[0],
                                                              verbose=True), timeout=10))
        elif cmd == "pidof":
            call = "ContainerStatus"
            r = rt.ContainerStatus(pb.ContainerStatusRequest(container_id=args[0],
                                                             verbose=True), timeout=10)
            print(json.loads(r.info["info"])["pid"])
        elif cmd == "ps":
            call = "ListContainers"
            f = pb.ContainerFilter(pod_sandbox_id=args[0] if args else "")
            show(rt.ListContainers(pb.ListContainersRequest(filter=f), timeout=10))
        elif cmd == "update":
            call = "UpdateContainerResources"
            rt.UpdateContainerResources(pb.UpdateContainerResourcesRequest(
                container_id=args[0], linux=msg(pb.LinuxContainerResources, load(args[1]))),
                timeout=30)
        elif cmd == "stats":
            call = "ContainerStats"
            show(rt.ContainerStats(pb.ContainerStatsRequest(container_id=args[0]), timeout=10))
        elif cmd == "exec":
            call = "ExecSync"
            t = int(args[1])
            r = rt.ExecSync(pb.ExecSyncRequest(container_id=args[0], cmd=args[2:], timeout=t),
                            timeout=t + 30)
            sys.stdout.buffer.write(r.stdout)
            sys.stdout.flush()
            sys.stderr.buffer.write(r.stderr)
            return r.exit_code
        else:
            usage()
    except grpc.RpcError as e:
        sys.stderr.write("cri.py: %s: %s: %s\n" % (call, e.code().name, e.details()))
        return 125
    except (IndexError, ValueError, KeyError, json_format.ParseError) as e:
        sys.stderr.write("cri.py: %s: %s\n" % (cmd, e))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
