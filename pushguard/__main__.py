from pushguard.cli.main import entry

entry()
