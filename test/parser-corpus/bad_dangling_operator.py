loss = pred - 
