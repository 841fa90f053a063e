print("trello-sandbox: not yet")
