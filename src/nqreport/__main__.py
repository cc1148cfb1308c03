from nqreport.cli import main

main()
