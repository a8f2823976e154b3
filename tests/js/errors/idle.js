// exit when idle
setTimeout(() => {}, 60000);
