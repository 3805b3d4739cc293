/* junit.c - see junit.h. */
#include "junit.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../output.h"
#include "../results/text.h"

/* One attribute or text of the JUnit file, made valid XML first. */
static int xml_attribute(xmlTextWriterPtr w, const char *name,
			 const char *value)
{
	char *clean = rl_text_clean(value ? value : "", 1);
	int rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST clean);

	free(clean);
	return rc;
}

static int xml_text(xmlTextWriterPtr w, const char *value)
{
	char *clean = rl_text_clean(value ? value : "", 1);
	int rc = xmlTextWriterWriteString(w, BAD_CAST clean);

	free(clean);
	return rc;
}

int rl_write_junit(const char *path, const struct rl_result *r)
{
	int fd = rl_output_fd(path);
	xmlOutputBufferPtr buf = fd < 0 ? NULL : xmlOutputBufferCreateFd(fd, NULL);
	xmlTextWriterPtr w = buf ? xmlNewTextWriter(buf) : NULL;
	int failed = !rl_verdict_passes(r->judgement.verdict);
	char name[256], time[32];
	int bad = 0;

	if (!w) {
		if (buf)
			xmlOutputBufferClose(buf);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	snprintf(name, sizeof name, "%s/%s/%s", r->case_name, r->variant,
		 r->detector->name);
	snprintf(time, sizeof time, "%.3f", r->outcome.duration_s);
	xmlTextWriterSetIndent(w, 1);
	bad |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0;
	bad |= xml_attribute(w, "name", "racelab") < 0;
	bad |= xml_attribute(w, "tests", "1") < 0;
	bad |= xml_attribute(w, "failures", failed ? "1" : "0") < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0;
	bad |= xml_attribute(w, "classname", r->case_name) < 0;
	bad |= xml_attribute(w, "name", name) < 0;
	bad |= xml_attribute(w, "time", time) < 0;
	if (failed) {
		bad |= xmlTextWriterStartElement(w, BAD_CAST "failure") < 0;
		bad |= xml_attribute(w, "type",
				     rl_verdict_name(r->judgement.verdict)) < 0;
		bad |= xml_attribute(w, "message", r->judgement.why) < 0;
		bad |= xml_text(w, r->judgement.next) < 0;
		bad |= xmlTextWriterEndElement(w) < 0;
	} else {
		bad |= xmlTextWriterStartElement(w, BAD_CAST "system-out") < 0;
		bad |= xml_text(w, r->judgement.why) < 0;
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	bad |= xmlTextWriterEndDocument(w) < 0;
	xmlFreeTextWriter(w);	/* and its buffer; the descriptor stays */
	bad |= close(fd) != 0;
	return bad ? -1 : 0;
}
