/* Two threads count the words of the file named on the command line
 * (a relative name: it is opened where the user stands): a data race on
 * `words`. */
#include <pthread.h>
#include <stdio.h>

static long words;
static const char *path;

static void *count(void *arg)
{
	FILE *f = fopen(path, "r");
	char w[64];

	(void)arg;
	if (!f) {
		perror(path);
		return NULL;
	}
	while (fscanf(f, "%63s", w) == 1)
		words++;	/* BUG */
	fclose(f);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t a, b;

	if (argc != 2) {
		fprintf(stderr, "usage: readfile FILE\n");
		return 2;
	}
	path = argv[1];
	{
		FILE *f = fopen(path, "r");
		if (!f) {
			perror(path);
			return 2;
		}
		fclose(f);
	}
	pthread_create(&a, NULL, count, NULL);
	pthread_create(&b, NULL, count, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("%ld\n", words);
	return 0;
}
