// C++: a producer pushes to a std::vector under a std::mutex, but the
// consumer reads its size without the lock: a data race.
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

static std::mutex lock;
static std::vector<int> items;

static void produce()
{
	for (int i = 0; i < 200; i++) {
		std::lock_guard<std::mutex> hold(lock);
		items.push_back(i);
	}
}

static size_t peek()
{
	return items.size();	// BUG
}

int main()
{
	std::thread producer(produce);
	size_t seen = 0;

	for (int i = 0; i < 200; i++)
		seen += peek();
	producer.join();
	std::printf("%zu items, %zu seen\n", items.size(), seen);
	return 0;
}
