from xinzhi.cli.main import main

main()
