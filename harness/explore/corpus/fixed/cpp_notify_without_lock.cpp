/* cpp_notify_without_lock - fixed: the producer sets the flag while it holds the mutex, then notifies.
 * kind: lost-wakeup
 * bug: deadlock
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
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
	{
		std::lock_guard<std::mutex> g(m);
		ready = true;
	}
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
