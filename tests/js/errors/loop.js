// a runaway loop
while (true) {}
