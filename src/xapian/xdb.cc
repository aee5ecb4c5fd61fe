// The Xapian layer: C entry points over libxapian.  Every function catches
// everything and reports it through classify(); see xdb.h for the contract.

#include "xapian/xdb.h"

#include <xapian.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

struct ns_xdb {
    std::string path;
    ns_xdb_mode mode;
    Xapian::Database db;            // the reader, or the writer seen as one
    Xapian::WritableDatabase wdb;   // only set in NS_XDB_WRITE mode: the part new
                                    // documents go to (the last of wparts)
    // A writer's parts (one, or ns_xdb_open_parts's), every one writable;
    // db is their union, whose document ids interleave the parts' as a
    // stub's would.
    std::vector<Xapian::WritableDatabase> wparts;
    // The parts that db is the union of, each also a database of its own
    // that shares db's open files (readers only: ns_xdb_open_union), so
    // that counts run a thread a part.
    std::vector<Xapian::Database> parts;
    // What each part's stub listed when the reader opened it ("" when the
    // part is a database, not a stub): Xapian's reopen() does not read a
    // stub again, so a part that gained or lost parts of its own needs a
    // reader opened afresh.
    std::vector<std::string> part_paths;
    std::vector<std::string> stubs;
};

struct ns_xdoc {
    Xapian::Document doc;
};

struct ns_xquery {
    Xapian::Query query;
};

struct ns_xstemmer {
    Xapian::Stem stem;
};

namespace {

const int READER_RETRIES = 5;

char *copy_string(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

[[noreturn]] void out_of_memory()
{
    std::fputs("newssearch: out of memory\n", stderr);
    std::abort();
}

bool says_disk_full(const Xapian::Error &e)
{
    const char *why = e.get_error_string();
    return (why && std::strstr(why, std::strerror(ENOSPC))) ||
           e.get_msg().find(std::strerror(ENOSPC)) != std::string::npos;
}

// Called from inside a catch block: rethrows the exception in flight and
// turns it into a status and message.  The one place errors are classified.
ns_status classify(ns_error *err, const std::string &what)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return ns_error_set(err, NS_ERR_DB_LOCKED, "%s: the index is locked by another writer",
                            what.c_str());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return ns_error_set(err, NS_ERR_DB_MISSING, "%s: no index there", what.c_str());
    } catch (const Xapian::DatabaseVersionError &e) {
        return ns_error_set(err, NS_ERR_DB_VERSION, "%s: %s", what.c_str(), e.get_msg().c_str());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return ns_error_set(err, NS_ERR_DB_CORRUPT, "%s: the index is damaged: %s", what.c_str(),
                            e.get_msg().c_str());
    } catch (const Xapian::DatabaseModifiedError &e) {
        return ns_error_set(err, NS_ERR_DB_MODIFIED, "%s: the index changed while being read",
                            what.c_str());
    } catch (const Xapian::DatabaseOpeningError &e) {
        return ns_error_set(err, NS_ERR_DB_MISSING, "%s: cannot open the index: %s",
                            what.c_str(), e.get_msg().c_str());
    } catch (const Xapian::WildcardError &e) {
        return ns_error_set(err, NS_ERR_QUERY, "%s", e.get_msg().c_str());
    } catch (const Xapian::QueryParserError &e) {
        return ns_error_set(err, NS_ERR_QUERY, "%s", e.get_msg().c_str());
    } catch (const Xapian::DatabaseError &e) {
        if (says_disk_full(e))
            return ns_error_set(err, NS_ERR_DISK_FULL, "%s: no space left on the device",
                                what.c_str());
        const char *why = e.get_error_string();
        return ns_error_set(err, NS_ERR_DB_CORRUPT, "%s: %s%s%s", what.c_str(),
                            e.get_msg().c_str(), why ? ": " : "", why ? why : "");
    } catch (const Xapian::Error &e) {
        return ns_error_set(err, NS_ERR_INTERNAL, "%s: %s: %s", what.c_str(), e.get_type(),
                            e.get_msg().c_str());
    } catch (const std::bad_alloc &) {
        return ns_error_set(err, NS_ERR_NOMEM, "%s: out of memory", what.c_str());
    } catch (const std::exception &e) {
        return ns_error_set(err, NS_ERR_INTERNAL, "%s: %s", what.c_str(), e.what());
    } catch (...) {
        return ns_error_set(err, NS_ERR_INTERNAL, "%s: unexpected failure", what.c_str());
    }
}

// The database the calling thread is working in, for the last resort below.
thread_local const std::string *working_on;

// Names the database a call works in for as long as it runs.
struct in_database {
    explicit in_database(const std::string &path) : saved(working_on) { working_on = &path; }
    ~in_database() { working_on = saved; }
    in_database(const in_database &) = delete;
    in_database &operator=(const in_database &) = delete;
    const std::string *saved;
};

ns_xdb_fatal_fn fatal_fn;

// Xapian 1.4 can throw from a destructor while it unwinds from a failed
// write (seen with a full disk): the program ends in std::terminate before
// any catch here sees the exception.  This handler is the last resort: it
// classifies the exception like every other and hands it to the program's
// fatal function, so that the user reads what happened instead of "terminate
// called after throwing an instance of 'Xapian::DatabaseError'".  The index
// on disk is at its last commit: Xapian commits atomically.
[[noreturn]] void last_resort()
{
    ns_error err;
    ns_error_clear(&err);
    const std::string what = working_on ? *working_on : std::string("the index");
    if (std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (...) {
            classify(&err, what);
        }
    } else {
        ns_error_set(&err, NS_ERR_INTERNAL, "%s: ended without an exception to report",
                     what.c_str());
    }
    if (fatal_fn)
        fatal_fn(&err);
    std::fprintf(stderr, "newssearch: %s\n", err.message);
    std::abort();
}

// Runs a read against the database, reopening and retrying when a writer
// has moved the database on under us.
template <typename F>
ns_status with_reader(ns_xdb *db, ns_error *err, const char *what, F f)
{
    in_database here(db->path);
    for (int attempt = 0;; attempt++) {
        try {
            f();
            return NS_OK;
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt >= READER_RETRIES)
                return classify(err, db->path + ": " + what);
            try {
                db->db.reopen();    // the parts too: they share its files
            } catch (...) {
                return classify(err, db->path + ": " + what);
            }
        } catch (...) {
            return classify(err, db->path + ": " + what);
        }
    }
}


// The stub inside a database directory, or "" when there is none.
std::string read_stub(const std::string &dir)
{
    std::ifstream in(dir + "/XAPIANDB", std::ios::binary);
    return in ? std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())
              : std::string();
}

bool stubs_changed(const ns_xdb *db)
{
    for (size_t i = 0; i < db->stubs.size(); i++)
        if (read_stub(db->part_paths[i]) != db->stubs[i])
            return true;
    return false;
}

// The part a writer's document id is in, and the id within it.  The union
// of n parts numbers part i's document d as (d - 1) * n + i + 1.
Xapian::WritableDatabase &part_of(ns_xdb *db, ns_docid *docid)
{
    size_t n = db->wparts.size();
    if (n <= 1)
        return db->wdb;
    size_t i = (*docid - 1) % n;
    *docid = (*docid - 1) / n + 1;
    return db->wparts[i];
}

// The union's id of a document the last part numbered local.
ns_docid in_union(const ns_xdb *db, Xapian::docid local)
{
    size_t n = db->wparts.size();
    return n <= 1 ? local : (ns_docid)((local - 1) * n + n);
}

void join_parts(ns_xdb *db)
{
    db->wdb = db->wparts.back();
    if (db->wparts.size() == 1) {
        db->db = db->wdb;
        return;
    }
    db->db = Xapian::Database();
    for (const Xapian::WritableDatabase &part : db->wparts)
        db->db.add_database(part);
}

void set_flush_threshold(unsigned flush_threshold)
{
    if (flush_threshold) {
        // Xapian reads its flush threshold from the environment when a
        // writer opens.
        char value[32];
        std::snprintf(value, sizeof value, "%u", flush_threshold);
        setenv("XAPIAN_FLUSH_THRESHOLD", value, 1);
    }
}

Xapian::WritableDatabase open_writer(const char *path)
{
    return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
}

} // namespace

extern "C" {

void ns_xdb_on_fatal(ns_xdb_fatal_fn fn)
{
    fatal_fn = fn;
    std::set_terminate(last_resort);
}

ns_status ns_xdb_open(const char *path, ns_xdb_mode mode, unsigned flush_threshold, ns_xdb **out,
                      ns_error *err)
{
    const std::string where(path);
    in_database here(where);
    std::unique_ptr<ns_xdb> db;
    try {
        db.reset(new ns_xdb);
        db->path = path;
        db->mode = mode;
        if (mode == NS_XDB_WRITE) {
            set_flush_threshold(flush_threshold);
            db->wparts.push_back(open_writer(path));
            join_parts(db.get());
        } else {
            db->db = Xapian::Database(path);
        }
        *out = db.release();
        return NS_OK;
    } catch (...) {
        return classify(err, path);
    }
}

ns_status ns_xdb_open_union(const char *name, const char *const *paths, size_t n, ns_xdb **out,
                            ns_error *err)
{
    in_database here(name);
    try {
        std::unique_ptr<ns_xdb> db(new ns_xdb);
        db->path = name;
        db->mode = NS_XDB_READ;
        for (size_t i = 0; i < n; i++) {
            // The stub first: a part listed later than it is read is seen
            // as a change by ns_xdb_reopen(), never missed.
            db->part_paths.emplace_back(paths[i]);
            db->stubs.push_back(read_stub(paths[i]));
            db->parts.emplace_back(paths[i]);
            // The union shares each part's open files rather than opening
            // them twice (an index can have 16 shards of 6 tables each).
            db->db.add_database(db->parts.back());
        }
        *out = db.release();
        return NS_OK;
    } catch (...) {
        return classify(err, name);
    }
}

ns_status ns_xdb_open_parts(const char *name, const char *const *paths, size_t n,
                            unsigned flush_threshold, ns_xdb **out, ns_error *err)
{
    in_database here(name);
    try {
        std::unique_ptr<ns_xdb> db(new ns_xdb);
        db->path = name;
        db->mode = NS_XDB_WRITE;
        set_flush_threshold(flush_threshold);
        for (size_t i = 0; i < n; i++)
            db->wparts.push_back(open_writer(paths[i]));
        join_parts(db.get());
        *out = db.release();
        return NS_OK;
    } catch (...) {
        return classify(err, name);
    }
}

ns_status ns_xdb_add_part(ns_xdb *db, const char *path, ns_error *err)
{
    in_database here(db->path);
    try {
        // What the last part holds in memory goes to disk now, not when
        // the whole writer next commits: else every part would keep a
        // flush's worth of documents in memory until then.
        db->wdb.commit();
        db->wparts.push_back(open_writer(path));
        join_parts(db);
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": new part");
    }
}

ns_status ns_xdb_last_part_doc_count(ns_xdb *db, uint32_t *count, ns_error *err)
{
    in_database here(db->path);
    try {
        *count = db->wdb.get_doccount();
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": count");
    }
}

ns_status ns_xdb_compact(const char *const *paths, size_t n, const char *out_path,
                         ns_error *err)
{
    in_database here(out_path);
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(paths[i]));
        all.compact(out_path);
        return NS_OK;
    } catch (...) {
        return classify(err, std::string(out_path) + ": merge");
    }
}

void ns_xdb_close(ns_xdb *db)
{
    if (!db)
        return;
    in_database here(db->path);
    try {
        // Xapian commits a writer's pending changes when it closes.
        for (Xapian::WritableDatabase &part : db->wparts)
            part.close();
        db->db.close();
    } catch (...) {
        // Nothing useful can be done with a failure to close.
    }
    delete db;
}

ns_status ns_xdb_commit(ns_xdb *db, ns_error *err)
{
    in_database here(db->path);
    try {
        for (Xapian::WritableDatabase &part : db->wparts)
            part.commit();
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": commit");
    }
}

ns_status ns_xdb_reopen(ns_xdb *db, ns_error *err)
{
    try {
        if (stubs_changed(db))
            return ns_error_set(err, NS_ERR_DB_MODIFIED,
                                "%s: its parts changed: open it again", db->path.c_str());
        db->db.reopen();    // the parts too: they share its files
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": reopen");
    }
}

ns_status ns_xdb_doc_count(ns_xdb *db, uint32_t *count, ns_error *err)
{
    return with_reader(db, err, "count", [&] { *count = db->db.get_doccount(); });
}

ns_status ns_xdb_term_freq(ns_xdb *db, const char *term, uint32_t *freq, ns_error *err)
{
    return with_reader(db, err, "term frequency", [&] { *freq = db->db.get_termfreq(term); });
}

ns_status ns_xdb_revision(ns_xdb *db, uint64_t *revision, ns_error *err)
{
    return with_reader(db, err, "revision", [&] { *revision = db->db.get_revision(); });
}

ns_status ns_xdb_get_metadata(ns_xdb *db, const char *key, char **value, ns_error *err)
{
    return with_reader(db, err, "metadata", [&] { *value = copy_string(db->db.get_metadata(key)); });
}

ns_status ns_xdb_value_bounds(ns_xdb *db, unsigned slot, char **low, char **high, ns_error *err)
{
    std::string lowest, highest;
    ns_status status = with_reader(db, err, "value bounds", [&] {
        lowest = db->db.get_value_lower_bound(slot);
        highest = db->db.get_value_upper_bound(slot);
    });
    if (status == NS_OK) {
        *low = copy_string(lowest);
        *high = copy_string(highest);
    }
    return status;
}

ns_status ns_xdb_set_metadata(ns_xdb *db, const char *key, const char *value, ns_error *err)
{
    in_database here(db->path);
    try {
        db->wdb.set_metadata(key, value);
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": metadata");
    }
}

ns_status ns_xdb_replace(ns_xdb *db, const char *unique_term, ns_xdoc *doc, bool *replaced,
                         ns_docid *docid, ns_error *err)
{
    in_database here(db->path);
    try {
        // The term is what finds the document next time: make sure it has it.
        doc->doc.add_boolean_term(unique_term);
        Xapian::PostingIterator found = db->db.postlist_begin(unique_term);
        bool exists = found != db->db.postlist_end(unique_term);
        if (replaced)
            *replaced = exists;
        ns_docid did;
        if (exists && db->wparts.size() > 1) {
            did = *found;
            ns_docid local = did;
            part_of(db, &local).replace_document(local, doc->doc);
        } else {
            did = in_union(db, db->wdb.replace_document(unique_term, doc->doc));
        }
        if (docid)
            *docid = did;
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": write");
    }
}

ns_status ns_xdb_add(ns_xdb *db, ns_xdoc *doc, ns_docid *docid, ns_error *err)
{
    in_database here(db->path);
    try {
        Xapian::docid did = db->wdb.add_document(doc->doc);
        if (docid)
            *docid = in_union(db, did);
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": write");
    }
}

ns_status ns_xdb_replace_docid(ns_xdb *db, ns_docid docid, ns_xdoc *doc, ns_error *err)
{
    in_database here(db->path);
    try {
        part_of(db, &docid).replace_document(docid, doc->doc);
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": write");
    }
}

ns_status ns_xdb_mark(ns_xdb *db, ns_docid docid, const char *term, unsigned slot,
                      const char *value, ns_error *err)
{
    try {
        Xapian::WritableDatabase &part = part_of(db, &docid);
        Xapian::Document doc = part.get_document(docid);
        doc.add_boolean_term(term);
        doc.add_value(slot, value);
        part.replace_document(docid, doc);
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": mark");
    }
}

ns_status ns_xdb_delete_docid(ns_xdb *db, ns_docid docid, ns_error *err)
{
    in_database here(db->path);
    try {
        part_of(db, &docid).delete_document(docid);
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": delete");
    }
}

ns_status ns_xdb_delete_term(ns_xdb *db, const char *term, ns_error *err)
{
    in_database here(db->path);
    try {
        for (Xapian::WritableDatabase &part : db->wparts)
            part.delete_document(term);
        return NS_OK;
    } catch (...) {
        return classify(err, db->path + ": delete");
    }
}

ns_status ns_xdb_find(ns_xdb *db, const char *term, ns_docid *docid, ns_error *err)
{
    return with_reader(db, err, "lookup", [&] {
        Xapian::PostingIterator it = db->db.postlist_begin(term);
        *docid = it == db->db.postlist_end(term) ? 0 : *it;
    });
}

ns_status ns_xdb_get_data(ns_xdb *db, ns_docid docid, char **data, size_t *len, ns_error *err)
{
    return with_reader(db, err, "read document", [&] {
        std::string s = db->db.get_document(docid).get_data();
        *data = copy_string(s);
        if (len)
            *len = s.size();
    });
}

ns_status ns_xdb_get_value(ns_xdb *db, ns_docid docid, unsigned slot, char **value,
                           size_t *len, ns_error *err)
{
    return with_reader(db, err, "read value", [&] {
        const std::string v = db->db.get_document(docid).get_value(slot);
        *value = copy_string(v);
        if (len)
            *len = v.size();
    });
}

ns_status ns_xdb_each_term(ns_xdb *db, const char *prefix, ns_xterm_fn fn, void *ctx,
                           ns_error *err)
{
    return with_reader(db, err, "list terms", [&] {
        for (Xapian::TermIterator t = db->db.allterms_begin(prefix); t != db->db.allterms_end(prefix); ++t) {
            const std::string term = *t;
            if (fn(ctx, term.data(), term.size(), t.get_termfreq()))
                break;
        }
    });
}

ns_status ns_xdb_each_term_between(ns_xdb *db, const char *from, const char *to, ns_xterm_fn fn,
                                   void *ctx, ns_error *err)
{
    return with_reader(db, err, "list terms", [&] {
        Xapian::TermIterator t = db->db.allterms_begin();
        const Xapian::TermIterator end = db->db.allterms_end();
        if (*from)
            t.skip_to(from);
        for (; t != end; ++t) {
            const std::string term = *t;
            if (to && term.compare(to) >= 0)
                break;
            if (fn(ctx, term.data(), term.size(), t.get_termfreq()))
                break;
        }
    });
}

ns_status ns_xdb_each_posting(ns_xdb *db, const char *term, ns_xdocid_fn fn, void *ctx,
                              ns_error *err)
{
    return with_reader(db, err, "list documents", [&] {
        for (Xapian::PostingIterator p = db->db.postlist_begin(term); p != db->db.postlist_end(term); ++p)
            if (fn(ctx, *p))
                break;
    });
}

ns_status ns_xdb_each_value(ns_xdb *db, unsigned slot, ns_xvalue_fn fn, void *ctx,
                            ns_error *err)
{
    return with_reader(db, err, "read values", [&] {
        for (Xapian::ValueIterator v = db->db.valuestream_begin(slot); v != db->db.valuestream_end(slot); ++v) {
            const std::string value = *v;
            if (fn(ctx, v.get_docid(), value.data(), value.size()))
                break;
        }
    });
}

ns_status ns_xdb_each_metadata(ns_xdb *db, const char *prefix, ns_xmeta_fn fn, void *ctx,
                               ns_error *err)
{
    return with_reader(db, err, "read metadata", [&] {
        for (Xapian::TermIterator k = db->db.metadata_keys_begin(prefix); k != db->db.metadata_keys_end(prefix); ++k) {
            const std::string key = *k;
            const std::string value = db->db.get_metadata(key);
            if (fn(ctx, key.c_str(), value.c_str()))
                break;
        }
    });
}

ns_status ns_xdb_each_doc_term(ns_xdb *db, ns_docid docid, const char *prefix, ns_xterm_fn fn,
                               void *ctx, ns_error *err)
{
    return with_reader(db, err, "list document terms", [&] {
        Xapian::TermIterator t = db->db.termlist_begin(docid);
        const Xapian::TermIterator end = db->db.termlist_end(docid);
        if (*prefix)
            t.skip_to(prefix);
        for (; t != end; ++t) {
            const std::string term = *t;
            if (term.compare(0, std::strlen(prefix), prefix) != 0)
                break;
            if (fn(ctx, term.data(), term.size(), t.get_wdf()))
                break;
        }
    });
}

// ---- documents ----

ns_xdoc *ns_xdoc_new(void)
{
    try {
        return new ns_xdoc;
    } catch (...) {
        out_of_memory();
    }
}

void ns_xdoc_free(ns_xdoc *doc)
{
    delete doc;
}

void ns_xdoc_add_posting(ns_xdoc *doc, const char *term, size_t len, uint32_t pos,
                         uint32_t wdf_inc)
{
    try {
        doc->doc.add_posting(std::string(term, len), pos, wdf_inc);
    } catch (...) {
        out_of_memory();
    }
}

void ns_xdoc_add_term(ns_xdoc *doc, const char *term, size_t len, uint32_t wdf_inc)
{
    try {
        doc->doc.add_term(std::string(term, len), wdf_inc);
    } catch (...) {
        out_of_memory();
    }
}

void ns_xdoc_add_boolean_term(ns_xdoc *doc, const char *term, size_t len)
{
    try {
        doc->doc.add_boolean_term(std::string(term, len));
    } catch (...) {
        out_of_memory();
    }
}

void ns_xdoc_set_value(ns_xdoc *doc, unsigned slot, const char *value, size_t len)
{
    try {
        doc->doc.add_value(slot, std::string(value, len));
    } catch (...) {
        out_of_memory();
    }
}

void ns_xdoc_set_data(ns_xdoc *doc, const char *data, size_t len)
{
    try {
        doc->doc.set_data(std::string(data, len));
    } catch (...) {
        out_of_memory();
    }
}

// ---- stemming ----

ns_status ns_xstemmer_new(const char *language, ns_xstemmer **out, ns_error *err)
{
    try {
        std::unique_ptr<ns_xstemmer> s(new ns_xstemmer);
        s->stem = Xapian::Stem(language);
        *out = s.release();
        return NS_OK;
    } catch (const Xapian::InvalidArgumentError &) {
        return ns_error_set(err, NS_ERR_USAGE, "no stemmer for language '%s'", language);
    } catch (...) {
        return classify(err, "stemmer");
    }
}

void ns_xstemmer_free(ns_xstemmer *stemmer)
{
    delete stemmer;
}

void ns_xstem(ns_xstemmer *stemmer, const char *word, size_t len, ns_buf *out)
{
    try {
        const std::string stem = stemmer->stem(std::string(word, len));
        ns_buf_append(out, stem.data(), stem.size());
    } catch (...) {
        out_of_memory();
    }
}

// ---- queries ----

namespace {

ns_xquery *wrap(const Xapian::Query &q)
{
    try {
        return new ns_xquery{q};
    } catch (...) {
        return nullptr;
    }
}

} // namespace

ns_xquery *ns_xquery_term(const char *term, size_t len, uint32_t query_pos)
{
    try {
        return wrap(Xapian::Query(std::string(term, len), 1, query_pos));
    } catch (...) {
        return nullptr;
    }
}

ns_xquery *ns_xquery_combine(ns_xquery_op op, ns_xquery *const *subs, size_t n, unsigned window)
{
    try {
        std::vector<Xapian::Query> parts;
        parts.reserve(n);
        for (size_t i = 0; i < n; i++) {
            if (!subs[i])
                return nullptr;
            parts.push_back(subs[i]->query);
        }
        Xapian::Query::op xop;
        switch (op) {
        case NS_XQ_AND: xop = Xapian::Query::OP_AND; break;
        case NS_XQ_OR: xop = Xapian::Query::OP_OR; break;
        case NS_XQ_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
        case NS_XQ_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
        case NS_XQ_FILTER: xop = Xapian::Query::OP_FILTER; break;
        case NS_XQ_NEAR: xop = Xapian::Query::OP_NEAR; break;
        case NS_XQ_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
        case NS_XQ_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
        default: return nullptr;
        }
        return wrap(Xapian::Query(xop, parts.begin(), parts.end(), window));
    } catch (...) {
        return nullptr;
    }
}

ns_xquery *ns_xquery_value_range(unsigned slot, const char *low, const char *high)
{
    try {
        if (low && high)
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, low, high));
        if (low)
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, low));
        if (high)
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, high));
        return wrap(Xapian::Query::MatchAll);
    } catch (...) {
        return nullptr;
    }
}

ns_xquery *ns_xquery_wildcard(const char *prefix, unsigned max_expansion)
{
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, max_expansion,
                                  Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_SYNONYM));
    } catch (...) {
        return nullptr;
    }
}

ns_xquery *ns_xquery_wildcard_any(const char *prefix, unsigned max_expansion)
{
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, max_expansion,
                                  Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_OR));
    } catch (...) {
        return nullptr;
    }
}

ns_xquery *ns_xquery_match_all(void)
{
    return wrap(Xapian::Query::MatchAll);
}

ns_xquery *ns_xquery_match_nothing(void)
{
    return wrap(Xapian::Query::MatchNothing);
}

ns_xquery *ns_xquery_unweighted(const ns_xquery *query)
{
    if (!query)
        return nullptr;
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query->query, 0.0));
    } catch (...) {
        return nullptr;
    }
}

ns_xquery *ns_xquery_copy(const ns_xquery *query)
{
    return query ? wrap(query->query) : nullptr;
}

char *ns_xquery_describe(const ns_xquery *query)
{
    try {
        return copy_string(query ? query->query.get_description() : std::string("(no query)"));
    } catch (...) {
        out_of_memory();
    }
}

void ns_xquery_free(ns_xquery *query)
{
    delete query;
}

// ---- searching ----

namespace {

void clear_result(ns_xresult *result)
{
    for (size_t i = 0; i < result->n_hits; i++) {
        std::free(result->hits[i].data);
        std::free(result->hits[i].collapse_key);
    }
    std::free(result->hits);
    for (size_t i = 0; i < result->n_facets; i++) {
        for (size_t j = 0; j < result->facets[i].n_values; j++)
            std::free(result->facets[i].values[j].value);
        std::free(result->facets[i].values);
    }
    std::free(result->facets);
    *result = ns_xresult{};
}

using match_spies = std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>>;

// A ValueCountMatchSpy a facet slot, on the enquire.
match_spies add_spies(Xapian::Enquire &enquire, const ns_xsearch_spec *spec)
{
    match_spies added;
    for (size_t i = 0; i < spec->n_facet_slots; i++) {
        added.emplace_back(new Xapian::ValueCountMatchSpy(spec->facet_slots[i]));
        enquire.add_matchspy(added.back().get());
    }
    return added;
}

// The next facet of a result: a slot's (value, count) pairs.
void add_facet(ns_xresult *result, unsigned slot, const std::map<std::string, Xapian::doccount> &values)
{
    ns_xfacet &facet = result->facets[result->n_facets++];
    facet.slot = slot;
    facet.values = static_cast<ns_xfacet_value *>(std::calloc(values.size() + 1, sizeof(ns_xfacet_value)));
    if (!facet.values)
        out_of_memory();
    for (const auto &value : values) {
        facet.values[facet.n_values].value = copy_string(value.first);
        facet.values[facet.n_values].count = value.second;
        facet.n_values++;
    }
}

// What one part of a database counted: its matches and its spies' values.
struct part_count {
    Xapian::doccount total = 0;
    std::vector<std::map<std::string, Xapian::doccount>> facets;
    bool timed_out = false;
    std::exception_ptr error;
};

void count_part(const Xapian::Database &part, const std::string &query,
                const ns_xsearch_spec *spec, part_count *out)
{
    try {
        Xapian::Enquire enquire(part);
        // Each thread unserialises its own copy: a Query shares its parts
        // through reference counts that are not atomic.
        enquire.set_query(Xapian::Query::unserialise(query));
        const match_spies counters = add_spies(enquire, spec);
        if (spec->time_limit > 0)
            enquire.set_time_limit(spec->time_limit);
        const auto started = std::chrono::steady_clock::now();
        Xapian::MSet mset = enquire.get_mset(0, 0, part.get_doccount());
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        out->timed_out = spec->time_limit > 0 && took.count() >= spec->time_limit;
        out->total = mset.get_matches_estimated();
        out->facets.resize(counters.size());
        for (size_t i = 0; i < counters.size(); i++)
            for (Xapian::TermIterator v = counters[i]->values_begin(); v != counters[i]->values_end(); ++v)
                out->facets[i][*v] += v.get_termfreq();
    } catch (...) {
        out->error = std::current_exception();
    }
}

// An exact count over every match (no hits), a thread a part, summed: the
// parts hold disjoint documents, so the totals and the spies' counts add
// up exactly, as they do over remote shards.  Xapian itself runs the
// parts of a database one after the other.
void count_in_parallel(ns_xdb *db, const ns_xsearch_spec *spec, ns_xresult *result)
{
    std::vector<const Xapian::Database *> parts;
    for (const auto &part : db->parts)
        if (part.get_doccount() > 0)
            parts.push_back(&part);
    const std::string query = spec->query->query.serialise();
    std::vector<part_count> counts(parts.size());
    std::vector<std::thread> threads;
    for (size_t i = 1; i < parts.size(); i++) {
        try {
            threads.emplace_back(count_part, std::cref(*parts[i]), std::cref(query), spec, &counts[i]);
        } catch (const std::system_error &) {
            count_part(*parts[i], query, spec, &counts[i]);   // no thread to be had
        }
    }
    if (!parts.empty())
        count_part(*parts[0], query, spec, &counts[0]);
    for (auto &thread : threads)
        thread.join();

    std::vector<std::map<std::string, Xapian::doccount>> facets(spec->n_facet_slots);
    clear_result(result);   // a retry starts afresh
    for (auto &count : counts) {
        if (count.error)
            std::rethrow_exception(count.error);
        result->total += count.total;
        result->timed_out = result->timed_out || count.timed_out;
        for (size_t i = 0; i < count.facets.size(); i++)
            for (const auto &value : count.facets[i])
                facets[i][value.first] += value.second;
    }
    result->hits = static_cast<ns_xhit *>(std::calloc(1, sizeof(ns_xhit)));
    result->facets = static_cast<ns_xfacet *>(std::calloc(facets.size() + 1, sizeof(ns_xfacet)));
    if (!result->hits || !result->facets)
        out_of_memory();
    for (size_t i = 0; i < facets.size(); i++)
        add_facet(result, spec->facet_slots[i], facets[i]);
}

} // namespace

ns_status ns_xdb_search(ns_xdb *db, const ns_xsearch_spec *spec, ns_xresult **out, ns_error *err)
{
    if (!spec->query)
        return ns_error_set(err, NS_ERR_INTERNAL, "search: no query (out of memory?)");
    ns_xresult *result = static_cast<ns_xresult *>(std::calloc(1, sizeof *result));
    if (!result)
        out_of_memory();
    ns_status status = with_reader(db, err, "search", [&] {
        if (spec->exact && spec->limit == 0 && !spec->collapse && db->parts.size() > 1) {
            count_in_parallel(db, spec, result);
            return;
        }
        Xapian::Enquire enquire(db->db);
        enquire.set_query(spec->query->query);
        switch (spec->sort) {
        case NS_XSORT_RELEVANCE:
            // Without a tie-break, hits of equal weight (every hit of a
            // pure filter) come in document id order, which differs
            // between two indexes of the same articles.  A count alone
            // needs no order, and no value read a match.
            if (spec->limit > 0)
                enquire.set_sort_by_relevance_then_value(spec->sort_slot, true);
            break;
        case NS_XSORT_VALUE_ASCENDING:
            enquire.set_sort_by_value_then_relevance(spec->sort_slot, false);
            break;
        case NS_XSORT_VALUE_DESCENDING:
            enquire.set_sort_by_value_then_relevance(spec->sort_slot, true);
            break;
        }
        if (spec->collapse)
            enquire.set_collapse_key(spec->collapse_slot);
        const match_spies counters = add_spies(enquire, spec);
        // Asking Xapian to check at least every document makes the match
        // count exact rather than an estimate.
        const Xapian::doccount all = db->db.get_doccount();
        const Xapian::doccount wanted = spec->offset + spec->limit;
        if (spec->time_limit > 0)
            enquire.set_time_limit(spec->time_limit);
        const auto started = std::chrono::steady_clock::now();
        Xapian::MSet mset = enquire.get_mset(spec->offset, spec->limit,
                                             spec->exact ? all : wanted);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;

        clear_result(result);   // a retry starts afresh
        // Xapian does not say whether its timer fired, and for a single
        // term its count stays exact when the spies' counts do not: a match
        // that took the whole time is taken to have been cut short.
        result->timed_out = spec->exact && spec->time_limit > 0 && took.count() >= spec->time_limit;
        result->total = mset.get_matches_estimated();
        result->hits = static_cast<ns_xhit *>(std::calloc(mset.size() ? mset.size() : 1, sizeof(ns_xhit)));
        result->facets = static_cast<ns_xfacet *>(std::calloc(counters.size() + 1, sizeof(ns_xfacet)));
        if (!result->hits || !result->facets)
            out_of_memory();
        for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m) {
            ns_xhit &hit = result->hits[result->n_hits];
            hit.docid = *m;
            hit.weight = m.get_weight();
            const std::string data = m.get_document().get_value(spec->data_slot);
            hit.data = copy_string(data);
            hit.data_len = data.size();
            hit.collapse_key = copy_string(spec->collapse ? m.get_collapse_key() : std::string());
            hit.collapse_count = m.get_collapse_count();
            result->n_hits++;
        }
        for (size_t i = 0; i < counters.size(); i++) {
            std::map<std::string, Xapian::doccount> values;
            for (Xapian::TermIterator v = counters[i]->values_begin(); v != counters[i]->values_end(); ++v)
                values.emplace(*v, v.get_termfreq());
            add_facet(result, spec->facet_slots[i], values);
        }
    });
    if (status != NS_OK) {
        ns_xresult_free(result);
        return status;
    }
    *out = result;
    return NS_OK;
}

void ns_xresult_free(ns_xresult *result)
{
    if (!result)
        return;
    clear_result(result);
    std::free(result);
}

} // extern "C"
