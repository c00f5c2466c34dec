from pushguard.cli.main import main

raise SystemExit(main())
