import Foundation
import JixiaoApp
import JixiaoModel
import JixiaoPostgres
import JixiaoStore
import Testing

/// What is PostgreSQL's own: the address, the migration list, refusing databases it must not touch.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    @Test("postgres:// addresses: user, password, host, port, database, sslmode; the location never shows the password")
    func addresses() throws {
        let a = try PostgresAddress("postgres://ju%40nit:p%3Ass@db.example:6543/jixiao?sslmode=require")
        #expect(a.user == "ju@nit" && a.password == "p:ss" && a.host == "db.example" && a.port == 6543 && a.database == "jixiao" && a.tls == .require)
        #expect(a.location == "postgres://ju%40nit@db.example:6543/jixiao?sslmode=require")
        let b = try PostgresAddress("postgresql://jixiao@127.0.0.1/province")
        #expect(b.port == 5432 && b.password == nil && b.tls == .prefer && b.location == "postgres://jixiao@127.0.0.1:5432/province")
        #expect(Stores.isPostgres("postgres://x@h/d") && !Stores.isPostgres("jixiao.sqlite") && !Stores.isPostgres("./postgres.sqlite"))
        for bad in ["postgres://db.example/jixiao", "postgres://u:secret@db.example", "postgres://u:secret@db.example/d?sslmode=maybe",
                    "postgres://u:secret@db.example/d?schema=x"] {
            #expect {
                try PostgresAddress(bad)
            } throws: { error in
                let text = "\(error)"
                return !text.contains("secret") && text.contains("PostgreSQL")
            }
        }
    }

    @Test("the migrations carry SQLite's names in SQLite's order")
    func migrationNames() async throws {
        #expect(try await SQLiteStore().appliedMigrations() == PostgresStore.migrationNames)
    }

    @Test("a database of a newer Jixiao, or of another program, is refused and left as it is; a read of an empty one says to import",
          .enabled(if: PostgresTestSupport.enabled, "needs JIXIAO_TEST_POSTGRES_URL"))
    func refusals() async throws {
        let newer = try PostgresTestSupport.freshDatabase()
        _ = try await PostgresStore(url: newer, access: .create).appliedMigrations()
        try PostgresTestSupport.psql(newer, "INSERT INTO jixiao_migrations VALUES ('2099-01-01 future', 99, '2099-01-01T00:00:00Z')")
        await #expect { try await PostgresStore(url: newer, access: .create).years() } throws: { "\($0)".contains("更新版本的 Jixiao") }
        #expect(try PostgresTestSupport.psql(newer, "SELECT count(*) FROM jixiao_migrations") == String(PostgresStore.migrationNames.count + 1))

        let foreign = try PostgresTestSupport.freshDatabase()
        try PostgresTestSupport.psql(foreign, "CREATE TABLE invoices (id int)")
        await #expect { try await PostgresStore(url: foreign, access: .create).years() } throws: { "\($0)".contains("其他程序的表（invoices）") }
        #expect(try PostgresTestSupport.psql(foreign, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1")

        let empty = try PostgresTestSupport.freshDatabase()
        await #expect { try await PostgresStore(url: empty, access: .read).years() } throws: { "\($0)".contains("不存在 Jixiao 的数据") }
        #expect(try PostgresTestSupport.psql(empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0")
        // A store opened for reading refuses to write.
        _ = try await PostgresStore(url: empty, access: .create).years()
        await #expect(throws: StoreError.self) { try await PostgresStore(url: empty, access: .read).addUser(UserAccount(name: "x", role: .bureau, passwordHash: "h", createdAt: "t")) }
    }
}
