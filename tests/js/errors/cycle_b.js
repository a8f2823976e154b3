const a = require('./cycle_a');
exports.b = 'B';
console.log('b sees', JSON.stringify(a));
module.exports.seen = Object.keys(a).length;
