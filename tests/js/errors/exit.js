try {
  process.exit(3);
} finally {
  console.log('finally ran');
}
