// The light build of Bottleneck (no clustering) is what @octokit/plugin-throttling uses; it has
// the full build's API, so it takes the full build's types.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck'
  export default Bottleneck
}
