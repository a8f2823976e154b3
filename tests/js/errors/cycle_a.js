const a = require('./cycle_b');
exports.a = 'A';
console.log('a sees', JSON.stringify(a));
