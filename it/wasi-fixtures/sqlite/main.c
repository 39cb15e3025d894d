// A SQLite workload for wasm2jar's WASI tests and benchmarks. It builds a database file in the
// current directory (the preopened one), indexes, queries, updates and deletes, joins, sorts, runs
// window functions, JSON and a recursive query, checks the file's integrity, then reopens it. It
// prints query results only, never times, so its output is the same wherever it runs.
//
//   sqlite [ROWS [ROUNDS]]    ROWS rows in the main table (default 20000), the whole workload
//                             ROUNDS times (default 1; later rounds show the steady state)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3.h"

static sqlite3 *db;

static void die(const char *what) {
    fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void open_db(void) {
    // "unix-none": the unix VFS without advisory locks, which WASI does not have.
    if (sqlite3_open_v2("bench.db", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "unix-none") != SQLITE_OK)
        die("open bench.db");
}

static void exec(const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "%s\n  in: %s\n", err, sql);
        exit(1);
    }
}

static int print_row(void *unused, int n, char **values, char **names) {
    (void)unused;
    (void)names;
    for (int i = 0; i < n; i++) printf("%s%s", i ? "|" : "  ", values[i] ? values[i] : "NULL");
    printf("\n");
    return 0;
}

// Prints the statement, then each row of its result.
static void show(const char *sql) {
    printf("%s\n", sql);
    char *err = NULL;
    if (sqlite3_exec(db, sql, print_row, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "%s\n  in: %s\n", err, sql);
        exit(1);
    }
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) die(sql);
    return s;
}

static unsigned rng = 12345;
static unsigned next_random(void) {
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

// English words for n, as SQLite's own speed test uses for text columns.
static void words(unsigned n, char *out) {
    static const char *ones[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                 "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                 "seventeen", "eighteen", "nineteen"};
    static const char *tens[] = {"", "ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    out[0] = 0;
    if (n >= 1000000) { words(n / 1000000, out); strcat(out, " million"); n %= 1000000; if (n) strcat(out, " "); }
    if (n >= 1000) { words(n / 1000, out + strlen(out)); strcat(out, " thousand"); n %= 1000; if (n) strcat(out, " "); }
    if (n >= 100) { strcat(out, ones[n / 100]); strcat(out, " hundred"); n %= 100; if (n) strcat(out, " "); }
    if (n >= 20) { strcat(out, tens[n / 10]); n %= 10; if (n) strcat(out, " "); }
    if (n > 0 || out[0] == 0) strcat(out, ones[n]);
}

static int workload(int rows) {
    rng = 12345;
    remove("bench.db");
    open_db();
    exec("PRAGMA synchronous=NORMAL");
    exec("CREATE TABLE t1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL)");

    // Bulk insert through one prepared statement, in one transaction.
    exec("BEGIN");
    sqlite3_stmt *ins = prepare("INSERT INTO t1 VALUES(?1, ?2, ?3, ?4)");
    char text[200];
    for (int i = 1; i <= rows; i++) {
        unsigned b = next_random() % (unsigned)rows;
        words(b, text);
        sqlite3_bind_int(ins, 1, i);
        sqlite3_bind_int(ins, 2, (int)b);
        sqlite3_bind_text(ins, 3, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(ins, 4, b / 7.0);
        if (sqlite3_step(ins) != SQLITE_DONE) die("insert");
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    exec("COMMIT");
    show("SELECT count(*), sum(b), min(c), max(c), printf('%.4f', avg(d)) FROM t1");

    exec("CREATE INDEX t1b ON t1(b)");
    exec("CREATE INDEX t1c ON t1(c)");

    // Range queries through the index on b.
    sqlite3_stmt *range = prepare("SELECT count(*), sum(length(c)) FROM t1 WHERE b BETWEEN ?1 AND ?2");
    long long count = 0, length = 0;
    int step = rows / 100;
    for (int lo = 0; lo < rows; lo += step / 4 + 1) {
        sqlite3_bind_int(range, 1, lo);
        sqlite3_bind_int(range, 2, lo + step);
        if (sqlite3_step(range) != SQLITE_ROW) die("range");
        count += sqlite3_column_int64(range, 0);
        length += sqlite3_column_int64(range, 1);
        sqlite3_reset(range);
    }
    sqlite3_finalize(range);
    printf("range queries: %lld rows, %lld characters\n", count, length);

    // Text: the index on c, LIKE scans, grouping by an expression, a sort without an index.
    show("SELECT c FROM t1 WHERE c >= 'seven' ORDER BY c LIMIT 3");
    show("SELECT count(*) FROM t1 WHERE c LIKE '%seven%' OR c GLOB '*nine*'");
    show("SELECT substr(c, 1, 3) AS p, count(*), max(b) FROM t1 GROUP BY p ORDER BY 2 DESC, 1 LIMIT 5");
    show("SELECT a, b FROM t1 ORDER BY d DESC, a LIMIT 3 OFFSET 1000");
    show("SELECT upper(c), length(c), instr(c, 'thousand'), replace(c, ' ', '-') FROM t1 WHERE a % 5000 = 1");

    // Updates and deletes, each in its own transaction (the journal file comes and goes).
    exec("UPDATE t1 SET b = b + 1, d = d * 2.5 WHERE a % 7 = 0");
    exec("DELETE FROM t1 WHERE b % 11 = 0");
    exec("UPDATE t1 SET c = c || ' and more' WHERE b % 13 = 0");
    show("SELECT count(*), sum(b), printf('%.3f', sum(d)), sum(length(c)) FROM t1");

    // A join with grouping.
    exec("CREATE TABLE t2(k INTEGER PRIMARY KEY, name TEXT)");
    exec("BEGIN");
    sqlite3_stmt *ins2 = prepare("INSERT INTO t2 VALUES(?1, ?2)");
    for (int k = 0; k < 1000; k++) {
        words(k * 37 % 1000, text);
        sqlite3_bind_int(ins2, 1, k);
        sqlite3_bind_text(ins2, 2, text, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins2) != SQLITE_DONE) die("insert t2");
        sqlite3_reset(ins2);
    }
    sqlite3_finalize(ins2);
    exec("COMMIT");
    show("SELECT t2.name, count(*), printf('%.2f', sum(t1.d)) FROM t1 JOIN t2 ON t1.b % 1000 = t2.k "
         "GROUP BY t2.k ORDER BY 2 DESC, 1 LIMIT 5");
    show("SELECT count(*) FROM t2 WHERE NOT EXISTS (SELECT 1 FROM t1 WHERE t1.b = t2.k * 3)");

    // Window functions, JSON, a recursive query.
    show("SELECT a, b, sum(b) OVER (ORDER BY a ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), "
         "rank() OVER (ORDER BY b) FROM t1 WHERE a < 12");
    show("SELECT json_group_array(json_object('a', a, 'c', c)) FROM (SELECT a, c FROM t1 ORDER BY a LIMIT 3)");
    show("WITH RECURSIVE collatz(n, steps) AS (SELECT 27, 0 UNION ALL "
         "SELECT CASE WHEN n % 2 THEN 3 * n + 1 ELSE n / 2 END, steps + 1 FROM collatz WHERE n > 1) "
         "SELECT max(n), max(steps) FROM collatz");
    show("WITH RECURSIVE x(i) AS (SELECT -20 UNION ALL SELECT i + 1 FROM x WHERE i < 20), "
         "y(j) AS (SELECT -10 UNION ALL SELECT j + 1 FROM y WHERE j < 10), "
         "m(i, j, zr, zi, k) AS (SELECT i, j, 0.0, 0.0, 0 FROM x, y UNION ALL "
         "SELECT i, j, zr * zr - zi * zi + i / 10.0, 2 * zr * zi + j / 10.0, k + 1 FROM m "
         "WHERE zr * zr + zi * zi < 4 AND k < 30) "
         "SELECT group_concat(substr(' .:-=+*#%@', min(9, k / 3) + 1, 1), '') FROM "
         "(SELECT i, j, max(k) AS k FROM m GROUP BY j, i ORDER BY j, i) GROUP BY j ORDER BY j");

    show("PRAGMA integrity_check");
    sqlite3_close(db);

    // The file holds what was committed.
    open_db();
    show("SELECT count(*), sum(b), (SELECT count(*) FROM t2) FROM t1");
    sqlite3_close(db);
    if (remove("bench.db") != 0) { perror("remove bench.db"); return 1; }
    return 0;
}

int main(int argc, char **argv) {
    int rows = argc > 1 ? atoi(argv[1]) : 20000;
    int rounds = argc > 2 ? atoi(argv[2]) : 1;
    if (rows < 100) rows = 100;
    for (int i = 0; i < rounds; i++)
        if (workload(rows) != 0) return 1;
    printf("done\n");
    return 0;
}
