/* cpp_philosophers_three - fixed: each philosopher picks up the lower-numbered fork first, so the last one reaches right before left and no cycle can form.
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
	int l = seat, r = (seat + 1) % kSeats;
	std::mutex &first = fork_m[l < r ? l : r];
	std::mutex &second = fork_m[l < r ? r : l];
	for (int i = 0; i < kMeals; i++) {
		std::lock_guard<std::mutex> a(first);
		std::lock_guard<std::mutex> b(second);
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
