package io.reactivestore.outbox;

import io.r2dbc.spi.Connection;
import io.reactivestore.internal.sql.SqlDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox contract on a SQL database: each test gets a fresh database, and the caller's transactions run on
 * a separate pool of the same database, as an application's would.
 */
abstract class SqlOutboxStoreContract extends OutboxStoreContract<Connection> {

    private final List<SqlDatabase> callerPools = new ArrayList<>();
    private SqlDatabase callerPool;

    /** A fresh database: the handle the store will own, and a second handle on it for the caller. */
    protected abstract SqlDatabase[] freshDatabase();

    @Override
    protected OutboxStore<Connection> openEmpty(OutboxConfig config) {
        SqlDatabase[] handles = freshDatabase();
        callerPool = handles[1];
        callerPools.add(callerPool);
        return SqlOutbox.open(handles[0], config).block(TIMEOUT);
    }

    @Override
    protected <R> Mono<R> inCallerTransaction(Function<Connection, Mono<R>> work) {
        return callerPool.inTransaction(work).singleOrEmpty();
    }

    @Override
    protected <R> Mono<R> outsideCallerTransaction(Function<Connection, Mono<R>> work) {
        return callerPool.withConnection(work).singleOrEmpty();
    }

    @AfterEach
    void closeCallerPools() {
        Flux.fromIterable(callerPools).concatMap(SqlDatabase::close).then().block(TIMEOUT);
    }
}
