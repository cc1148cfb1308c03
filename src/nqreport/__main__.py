from nqreport.launch import main

main()
