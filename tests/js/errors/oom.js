// grows without bound
const a = [];
while (true) a.push(new Array(1000).fill(1));
