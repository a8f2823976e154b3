// a module that throws while it loads
require('./throws.js');
