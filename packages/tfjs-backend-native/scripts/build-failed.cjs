// Runs only when node-gyp could not build the addon. The install goes on so that
// divergent still works on the pure-JS 'cpu' backend; importing the package says why.
console.warn(
  '@divergent/tfjs-backend-native: the C++ addon did not build; TensorFlow.js will run on the ' +
    "slow 'cpu' backend. Install g++, make and python3, then run `npm rebuild @divergent/tfjs-backend-native`.",
);
