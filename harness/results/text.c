/* text.c - see text.h. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"

/* The length of the well-formed UTF-8 sequence at s (1 to 4), or 0 when s
 * does not begin one (a stray continuation byte, an overlong form, a
 * surrogate, beyond U+10FFFF, cut short); its code point in *cp. */
static size_t utf8_sequence(const unsigned char *s, unsigned long *cp)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	*cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* the NUL at the end too */
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) ||
	    *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

char *rl_text_clean(const char *s, int for_xml)
{
	static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;

	if (!s)
		return NULL;
	o = out = rl_xcalloc(3 * strlen(s) + 1, 1);
	while (*p) {
		unsigned long cp;
		size_t n = utf8_sequence(p, &cp);

		if (n && for_xml &&
		    ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		     cp == 0xfffe || cp == 0xffff)) {
			/* well-formed, but not a character XML holds */
			memcpy(o, replacement, 3);
			o += 3;
			p += n;
		} else if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {	/* one byte that begins no sequence */
			memcpy(o, replacement, 3);
			o += 3;
			p++;
		}
	}
	*o = '\0';
	return out;
}

json_t *rl_json_text(const char *s)
{
	char *clean = rl_text_clean(s, 0);
	json_t *j = clean ? json_string(clean) : json_null();

	free(clean);
	return j ? j : json_null();
}

const char *rl_json_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

char *rl_uri_escape(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = rl_xcalloc(3 * strlen(path) + 1, 1), *o = out;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	return out;
}
