// C++: libstdc++'s std::mutex carries no thread-safety annotations, so
// clang's analysis cannot check code that uses it as it is. This program
// wraps std::mutex in its own annotated Mutex and MutexLock (as clang's
// documentation, mutex.h, shows) and annotates the queue with them; the
// size() that forgets the lock is then found before any run.
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))

class CAPABILITY("mutex") Mutex {
public:
	void lock() ACQUIRE() { m_.lock(); }
	void unlock() RELEASE() { m_.unlock(); }

private:
	std::mutex m_;
};

class SCOPED_CAPABILITY MutexLock {
public:
	explicit MutexLock(Mutex *mu) ACQUIRE(mu) : mu_(mu) { mu_->lock(); }
	~MutexLock() RELEASE() { mu_->unlock(); }

private:
	Mutex *mu_;
};

class Queue {
public:
	void push(int v)
	{
		MutexLock hold(&mu_);
		items_.push_back(v);
	}

	size_t size() const
	{
		return items_.size();	// BUG: mu_ is not held
	}

private:
	mutable Mutex mu_;
	std::deque<int> items_ GUARDED_BY(mu_);
};

static Queue queue;

int main()
{
	std::thread producer([] {
		for (int i = 0; i < 200; i++)
			queue.push(i);
	});
	size_t seen = 0;

	for (int i = 0; i < 200; i++)
		seen += queue.size();
	producer.join();
	std::printf("%zu seen\n", seen > 0 ? queue.size() : 0);
	return 0;
}
