from amtrax_tui.cli import main

raise SystemExit(main())
