/* cpp_philosophers_three - three philosophers each pick up their left fork and then their right one, so if all three hold their left fork at the same moment the forks form a cycle and nobody eats, ever.
 * kind: deadlock
 * bug: deadlock
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <cassert>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace {

constexpr int kSeats = 3;
constexpr int kMeals = 2;

std::mutex fork_m[kSeats];
std::mutex table_m;
std::condition_variable all_done;
int meals[kSeats];
int finished;

void philosopher(int seat)
{
	std::mutex &left = fork_m[seat];
	std::mutex &right = fork_m[(seat + 1) % kSeats];
	for (int i = 0; i < kMeals; i++) {
		// BUG: everyone takes left, then right: a cycle of three.
		std::lock_guard<std::mutex> l(left);
		std::lock_guard<std::mutex> r(right);
		meals[seat]++;
	}
	{
		std::lock_guard<std::mutex> g(table_m);
		finished++;
	}
	all_done.notify_one();
}

} // namespace

int main()
{
	std::thread t[kSeats];
	for (int i = 0; i < kSeats; i++)
		t[i] = std::thread(philosopher, i);
	{
		std::unique_lock<std::mutex> lk(table_m);
		all_done.wait(lk, [] { return finished == kSeats; });
	}
	for (auto &th : t)
		th.join();
	for (int m : meals)
		assert(m == kMeals);
	return 0;
}
