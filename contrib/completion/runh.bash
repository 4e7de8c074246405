# bash completion for runh                                   -*- shell-script -*-
# Installed by `make install` as $(PREFIX)/share/bash-completion/completions/runh.
# Commands and options are read from runh's own --help, so they follow the binary;
# container ids from `runh list -q` (with the --root given on the line, if any).

# _runh_help RUNH [COMMAND]: the --help text of runh or of one of its commands.
_runh_help() {
	"$1" ${2:+"$2"} --help 2>/dev/null
}

_runh_commands() {
	_runh_help "$1" | awk '/^Commands:/ { f = 1; next } f && /^$/ { exit } f { print $1 }'
	echo help
}

# The long options a --help text names ("  -b, --bundle DIR", "[--format table|json]").
_runh_options() {
	grep -oE -- '(^|[][ ,|])--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

_runh() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local runh=${COMP_WORDS[0]} cmd="" i
	local -a root=()

	# The command is the first word that is not a global option or its value.
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--root) root=(--root "${COMP_WORDS[i + 1]}"); ((i++)) ;;
		--log | --log-format | --rootless) ((i++)) ;;
		--root=*) root=("${COMP_WORDS[i]}") ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	case $prev in
	--root | --bundle | -b)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--log | --pid-file | --console-socket | --process | -p | --config | -c | --resources | -r)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--log-format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	--format | -f) [ "$cmd" != delete ] && { COMPREPLY=($(compgen -W "table json" -- "$cur")); return; } ;;
	--fail-on) COMPREPLY=($(compgen -W "low medium high" -- "$cur")); return ;;
	--rootless) COMPREPLY=($(compgen -W "auto true false" -- "$cur")); return ;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_runh_help "$runh" | _runh_options)" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_runh_commands "$runh")" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_runh_help "$runh" "$cmd" | _runh_options) --help" -- "$cur"))
		return
	fi
	case $cmd in
	help) [ "$prev" = help ] && COMPREPLY=($(compgen -W "$(_runh_commands "$runh")" -- "$cur")) ;;
	create | run | spec | features | list) ;; # a new id, or no argument
	kill)
		# kill ID SIGNAL: after the id, signal names
		local n=0
		for ((i = i + 1; i < COMP_CWORD; i++)); do [[ ${COMP_WORDS[i]} != -* ]] && ((n++)); done
		if [ $n -ge 1 ]; then
			COMPREPLY=($(compgen -W "TERM KILL INT HUP QUIT USR1 USR2 STOP CONT 0" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$("$runh" "${root[@]}" list -q 2>/dev/null)" -- "$cur"))
		fi ;;
	*) COMPREPLY=($(compgen -W "$("$runh" "${root[@]}" list -q 2>/dev/null)" -- "$cur")) ;;
	esac
}

complete -F _runh runh
