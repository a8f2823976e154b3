// the hello world of the benchmarks
console.log('hello');
