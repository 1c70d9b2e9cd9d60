// `node --import bench/peak-rss.mjs …`: as the process exits, writes its peak resident set size
// (getrusage's maxRSS, in KB: the kernel's high-water mark, VmHWM on Linux) to stderr, and the
// largest V8 heap seen by a sampler every 10 ms (it misses peaks inside long synchronous work).
import { setInterval } from 'node:timers'
import { getHeapStatistics } from 'node:v8'

let peakHeap = 0
const sample = () => {
  const used = getHeapStatistics().used_heap_size
  if (used > peakHeap) peakHeap = used
}
setInterval(sample, 10).unref()
process.on('exit', () => {
  sample()
  process.stderr.write(
    `peak-rss-kb=${process.resourceUsage().maxRSS}\npeak-heap-bytes=${peakHeap}\n`
  )
})
