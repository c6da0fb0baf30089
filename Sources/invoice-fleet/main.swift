print("invoice-fleet")
