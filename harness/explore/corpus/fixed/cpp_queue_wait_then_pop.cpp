/* cpp_queue_wait_then_pop - fixed: the wait and the pop are one critical section: wait_and_pop() hands the job out itself.
 * kind: atomicity
 * bug: assertion
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <cassert>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace {

constexpr int kJobs = 7;

class JobQueue {
public:
	void push(int job)
	{
		{
			std::lock_guard<std::mutex> g(m_);
			q_.push_back(job);
		}
		cv_.notify_one();
	}

	void close()
	{
		{
			std::lock_guard<std::mutex> g(m_);
			closed_ = true;
		}
		cv_.notify_all();
	}

	// Waits until there is a job or the queue is closed; false if
	// closed and empty, else pops the job into `job`.
	bool wait_and_pop(int &job)
	{
		std::unique_lock<std::mutex> lk(m_);
		cv_.wait(lk, [this] { return !q_.empty() || closed_; });
		if (q_.empty())
			return false;
		job = q_.front();
		q_.pop_front();
		return true;
	}

private:
	std::mutex m_;
	std::condition_variable cv_;
	std::deque<int> q_;
	bool closed_ = false;
};

JobQueue queue;
std::mutex sum_m;
int sum;

void consumer()
{
	int job;
	while (queue.wait_and_pop(job)) {
		std::lock_guard<std::mutex> g(sum_m);
		sum += job;
	}
}

} // namespace

int main()
{
	for (int i = 1; i <= kJobs; i++)
		queue.push(i);
	queue.close();
	std::thread a(consumer), b(consumer);
	a.join();
	b.join();
	assert(sum == kJobs * (kJobs + 1) / 2);
	return 0;
}
