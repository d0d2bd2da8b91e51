/* Reports: JSON (json-c) for tools and the HTML page, JUnit XML for CI systems. TAP goes to
 * stdout from main.c as cases finish. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "conform.h"

const char *verdict_name(enum verdict v)
{
	static const char *const names[V_COUNT] = { "OK", "INFORMATIONAL", "UNIMPLEMENTED", "NON-STRICT", "FAILED" };

	return v < V_COUNT ? names[v] : "?";
}

const char *tier_name(enum tier t)
{
	return t == T_MUST ? "MUST" : t == T_SHOULD ? "SHOULD" : "OPTIONAL";
}

const char *target_name(enum target_kind k)
{
	static const char *const names[TK_COUNT] = { "vfio-user-server", "vfio-user-client", "ioregionfd-device",
						     "ioregionfd-kvm" };

	return k < TK_COUNT ? names[k] : "?";
}

static const char *profile_name(const struct target_opts *o)
{
	const char *name = o->kind == TK_IORFD_DEVICE || o->kind == TK_IORFD_KVM ? iow_iorfd_profile_name(o->cfg.profile)
										   : iow_vfu_profile_name(o->cfg.profile);

	return name ? name : "?";
}

static struct json_object *finding_json(const struct finding *f)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "verdict", json_object_new_string(verdict_name(f->verdict)));
	json_object_object_add(o, "requirement", json_object_new_string(f->req));
	json_object_object_add(o, "text", json_object_new_string(f->text));
	return o;
}

int report_json(const char *path, const struct result *r, size_t n, const struct target_opts *o)
{
	struct json_object *root = json_object_new_object(), *cases = json_object_new_array();
	unsigned counts[V_COUNT] = { 0 };
	struct json_object *summary = json_object_new_object();
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_new_object(), *fs = json_object_new_array();

		counts[r[i].verdict]++;
		json_object_object_add(c, "id", json_object_new_string(r[i].c->id));
		json_object_object_add(c, "title", json_object_new_string(r[i].c->title));
		json_object_object_add(c, "requirements", json_object_new_string(r[i].c->reqs));
		json_object_object_add(c, "tier", json_object_new_string(tier_name(r[i].c->tier)));
		json_object_object_add(c, "verdict", json_object_new_string(verdict_name(r[i].verdict)));
		json_object_object_add(c, "ms", json_object_new_int64(r[i].ms));
		for (unsigned k = 0; k < r[i].nfindings; k++)
			json_object_array_add(fs, finding_json(&r[i].findings[k]));
		json_object_object_add(c, "findings", fs);
		json_object_object_add(c, "expected", json_object_new_string(r[i].expected));
		json_object_object_add(c, "actual", json_object_new_string(r[i].actual));
		json_object_array_add(cases, c);
	}
	for (int v = 0; v < V_COUNT; v++)
		json_object_object_add(summary, verdict_name((enum verdict)v), json_object_new_int((int)counts[v]));
	json_object_object_add(root, "tool", json_object_new_string("iowire-conform"));
	json_object_object_add(root, "target", json_object_new_string(target_name(o->kind)));
	json_object_object_add(root, "implementation",
			       json_object_new_string(o->exec ? o->exec : o->socket_path ? o->socket_path : ""));
	json_object_object_add(root, "profile", json_object_new_string(profile_name(o)));
	json_object_object_add(root, "byte_order", json_object_new_string(o->cfg.order == IOW_ORDER_HOST ? "host" : "le"));
	json_object_object_add(root, "summary", summary);
	json_object_object_add(root, "cases", cases);
	rc = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object_put(root);
	return rc;
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
				fputc(*s, f);
		}
	}
}

int report_junit(const char *path, const struct result *r, size_t n)
{
	FILE *f = fopen(path, "w");
	unsigned failures = 0, skipped = 0;

	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++) {
		failures += r[i].verdict == V_FAILED;
		skipped += r[i].verdict == V_UNIMPLEMENTED;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuite name=\"iowire-conform\" tests=\"%zu\" failures=\"%u\" skipped=\"%u\">\n", n, failures,
		skipped);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "  <testcase classname=\"%s\" name=\"", target_name(r[i].c->target));
		xml_text(f, r[i].c->id);
		fprintf(f, "\" time=\"%.3f\">\n", (double)r[i].ms / 1000.0);
		if (r[i].verdict == V_FAILED || r[i].verdict == V_UNIMPLEMENTED) {
			fprintf(f, r[i].verdict == V_FAILED ? "    <failure message=\"" : "    <skipped message=\"");
			for (unsigned k = 0; k < r[i].nfindings; k++) {
				xml_text(f, r[i].findings[k].req);
				fputs(" ", f);
				xml_text(f, r[i].findings[k].text);
				fputs("; ", f);
			}
			fprintf(f, "\"/>\n");
		}
		if (r[i].nfindings) {
			fprintf(f, "    <system-out>");
			for (unsigned k = 0; k < r[i].nfindings; k++) {
				xml_text(f, verdict_name(r[i].findings[k].verdict));
				fputs(": ", f);
				xml_text(f, r[i].findings[k].text);
				fputs("\n", f);
			}
			fprintf(f, "</system-out>\n");
		}
		fprintf(f, "  </testcase>\n");
	}
	fprintf(f, "</testsuite>\n");
	return fclose(f);
}

int report_case_list(const char *path, const struct conf_case *const *cases, size_t n)
{
	struct json_object *root = json_object_new_object(), *list = json_object_new_array();
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_new_object();

		json_object_object_add(c, "id", json_object_new_string(cases[i]->id));
		json_object_object_add(c, "target", json_object_new_string(target_name(cases[i]->target)));
		json_object_object_add(c, "tier", json_object_new_string(tier_name(cases[i]->tier)));
		json_object_object_add(c, "title", json_object_new_string(cases[i]->title));
		json_object_object_add(c, "requirements", json_object_new_string(cases[i]->reqs));
		json_object_array_add(list, c);
	}
	json_object_object_add(root, "cases", list);
	rc = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object_put(root);
	return rc;
}
