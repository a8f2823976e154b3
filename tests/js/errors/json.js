// JSON console lines
console.log('hello', {a: 1});
console.error('bad');
