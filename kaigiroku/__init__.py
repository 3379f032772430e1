"""kaigiroku: the command-line tool that gathers each package's subcommands."""
