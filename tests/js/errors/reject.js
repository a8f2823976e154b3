// nothing handles this rejection
Promise.reject(new Error('rejected'));
