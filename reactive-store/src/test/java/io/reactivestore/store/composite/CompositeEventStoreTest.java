package io.reactivestore.store.composite;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.event;
import static io.reactivestore.testing.TestEvents.note;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.memory.MemoryEventStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class CompositeEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return CompositeEventStore.of(MemoryEventStore.create(), MemoryEventStore.create());
    }

    @Test
    void eventsHeldBySeveralMembersAreReturnedAndCountedOnce() {
        MemoryEventStore first = MemoryEventStore.create();
        MemoryEventStore second = MemoryEventStore.create();
        Event shared = note(ALICE, 100, "both");
        Event onlyFirst = note(ALICE, 200, "first");
        Event onlySecond = note(BOB, 150, "second");
        givenIn(first, shared, onlyFirst);
        givenIn(second, shared, onlySecond);
        CompositeEventStore composite = CompositeEventStore.of(first, second);

        StepVerifier.create(composite.query(Filter.ALL)).expectNext(onlyFirst, onlySecond, shared).expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(composite.count(List.of(Filter.ALL))).expectNext(3L).expectComplete().verify(TIMEOUT);
        StepVerifier.create(composite.export().count()).expectNext(3L).expectComplete().verify(TIMEOUT);
        composite.close().block(TIMEOUT);
    }

    @Test
    void aSearchIsRankedOverTheMembersAnswersKeepingTheWinningVersionOfAnAddress() {
        MemoryEventStore first = MemoryEventStore.create();
        MemoryEventStore second = MemoryEventStore.create();
        Event three = note(ALICE, 100, "nostr nostr nostr");
        Event one = note(ALICE, 300, "nostr");
        Event two = note(BOB, 200, "nostr nostr");
        Event four = note(BOB, 400, "nostr nostr nostr nostr");
        Event staleArticle = event(ALICE, 30023, 100, "nostr nostr nostr nostr nostr", "d", "x");
        Event article = event(ALICE, 30023, 200, "nostr", "d", "x");
        givenIn(first, three, one, staleArticle);
        givenIn(second, two, four, article);
        CompositeEventStore composite = CompositeEventStore.of(first, second);

        Filter search = Filter.builder().search("nostr").build();
        StepVerifier.create(composite.query(search.withLimit(3))).expectNext(four, three, two).expectComplete()
                .verify(TIMEOUT);
        // the stale version scores higher, but the newer version of the address wins, as in one store
        StepVerifier.create(composite.query(search)).expectNext(four, three, two, one, article).expectComplete()
                .verify(TIMEOUT);
        composite.close().block(TIMEOUT);
    }

    @Test
    void limitAppliesToTheMergedAnswerNotToEachMember() {
        MemoryEventStore first = MemoryEventStore.create();
        MemoryEventStore second = MemoryEventStore.create();
        Event a = note(ALICE, 100, "a");
        Event b = note(ALICE, 200, "b");
        Event c = note(ALICE, 300, "c");
        givenIn(first, a, c);
        givenIn(second, b);
        CompositeEventStore composite = CompositeEventStore.of(first, second);

        StepVerifier.create(composite.query(Filter.builder().limit(2).build())).expectNext(c, b).expectComplete()
                .verify(TIMEOUT);
        composite.close().block(TIMEOUT);
    }

    @Test
    void aNewerVersionInOneMemberHidesAnOlderOneInAnother() {
        MemoryEventStore first = MemoryEventStore.create();
        MemoryEventStore second = MemoryEventStore.create();
        Event older = event(ALICE, 0, 100, "old");
        Event newer = event(ALICE, 0, 200, "new");
        givenIn(first, older);
        givenIn(second, newer);
        CompositeEventStore composite = CompositeEventStore.of(first, second);

        StepVerifier.create(composite.query(Filter.builder().kinds(0).build())).expectNext(newer).expectComplete()
                .verify(TIMEOUT);
        composite.close().block(TIMEOUT);
    }

    @Test
    void saveReportsTheMostStoringAnswerOfTheMembers() {
        MemoryEventStore first = MemoryEventStore.create();
        MemoryEventStore second = MemoryEventStore.create();
        Event a = note(ALICE, 100, "a");
        givenIn(first, a);
        CompositeEventStore composite = CompositeEventStore.of(first, second);

        StepVerifier.create(composite.save(a)).expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
        StepVerifier.create(second.query(Filter.ALL)).expectNext(a).expectComplete().verify(TIMEOUT);
        StepVerifier.create(composite.save(a)).expectNext(SaveResult.DUPLICATE).expectComplete().verify(TIMEOUT);
        composite.close().block(TIMEOUT);
    }
}
