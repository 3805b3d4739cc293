/* cpp_notify_without_lock - the producer sets the atomic ready flag and calls notify_one without holding the mutex, so the notification can fall between the consumer's predicate check and its wait, and the consumer sleeps forever.
 * kind: lost-wakeup
 * bug: deadlock
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 * explore: --strategy random
 * (the default, pct, misses it in 1000 schedules: docs/explore.md)
 */
#include <atomic>
#include <cassert>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace {

constexpr int kItems = 6;

std::mutex m;
std::condition_variable cv;
std::atomic<bool> ready{false};
int items[kItems];

void consumer()
{
	std::unique_lock<std::mutex> lk(m);
	cv.wait(lk, [] { return ready.load(); });
	int sum = 0;
	for (int v : items)
		sum += v;
	assert(sum == kItems * (kItems + 1) / 2);
}

void producer()
{
	for (int i = 0; i < kItems; i++) {
		std::lock_guard<std::mutex> g(m);
		items[i] = i + 1;
	}
	// BUG: the flag and the notification do not hold the mutex.
	ready = true;
	cv.notify_one();
}

} // namespace

int main()
{
	std::thread c(consumer), p(producer);
	c.join();
	p.join();
	return 0;
}
