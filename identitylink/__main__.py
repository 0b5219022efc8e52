from identitylink.cli import main

main()
