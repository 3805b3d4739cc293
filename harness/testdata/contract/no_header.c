// no_header: a program with no header comment at all.
int main(void)
{
	return 0;
}
