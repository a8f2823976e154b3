// requires a module that does not exist
require('./nope');
