/* cpp_queue_wait_then_pop - consumers wait (under the lock) until the queue has a job, release the lock, and pop in a second critical section, so two consumers can both be told there is a job when only one is left and the loser pops an empty queue.
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

	// Waits until there is a job or the queue is closed; true if a job.
	bool wait_for_job()
	{
		std::unique_lock<std::mutex> lk(m_);
		cv_.wait(lk, [this] { return !q_.empty() || closed_; });
		return !q_.empty();
	}

	// The caller has seen wait_for_job() return true.
	int pop()
	{
		std::lock_guard<std::mutex> g(m_);
		assert(!q_.empty() && "pop from an empty queue");
		int job = q_.front();
		q_.pop_front();
		return job;
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
	// BUG: "there is a job" may be false again by the time pop() runs.
	while (queue.wait_for_job()) {
		int job = queue.pop();
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
