using ActorNet.Actors.Serialization;

namespace ActorNet.Actors.Sharding;

/// <summary>
/// An entity of the vector store: one slice of a stored vector ("key#slice"), or the catalog of keys
/// (the one entity receiving catalog messages). Lives in memory; on a handoff (<see cref="VectorStoreHandOff"/>)
/// it leaves its state behind (<see cref="EntityHandOffState"/>), so it keeps its value when its shard moves.
/// If its node is lost, the value is lost: pulls fail until the key is initialized again, e.g. from a snapshot.
/// </summary>
internal sealed partial class VectorStoreEntity : ReceiveActor
{
    // The slice's floats; null until initialized (and always for the catalog).
    private float[]? _value;
    // True when _value is the entity's own array (from the pool, or adopted from a message received from another node):
    // once replaced it goes back to the pool, at once if no reply got it, else through _lease when the last one is released.
    private bool _valueOwned;
    // Counts the replies holding an owned _value; null until the first.
    private ValueLease? _lease;

    // True while _value may be seen outside this entity (taken from a local InitSlice, or sent in a reply): it is then never
    // changed again, and the next update works on a copy (copy-on-write), so pulls need no copy of their own.
    private bool ValueShared => !_valueOwned || _lease is not null;
    // The last initialization (key, index, total length), reused as the state left behind on handoff.
    private InitSlice? _identity;
    // The catalog's length by key; null unless this entity is the catalog.
    private Dictionary<string, int>? _catalog;

    public VectorStoreEntity(VectorUpdateRegistry updates)
    {
        Receive<InitSlice>(init =>
        {
            _identity = init with { Value = [], Step = null };
            ResetSteps();
            // The message's array: copied before the first update, unless it arrived from another node and is ours alone.
            ReplaceValue(init.Value, owned: FloatArrayPool.TryAdoptReceived(init.Value));
            _version = init.Version;
            if (init.Step is { } step) RestoreStep(step);
            Sender.Tell(new SliceAck(init.Key, init.Slice));
        });
        // A delta is dead once applied or summed: if it arrived from another node, its array goes back to the pool for
        // the next message (unless the step adopted it as its sum; a local delta is the sender's and is left alone).
        Receive<PushSliceAtStep>(push =>
        {
            Sender.Tell(PushAtStep(push, updates));
            FloatArrayPool.TryReturnReceived(push.Delta);
        });
        Receive<PullSliceAtVersion>(PullAtVersion);
        Receive<PushSlice>(push =>
        {
            Sender.Tell(Push(push, updates));
            FloatArrayPool.TryReturnReceived(push.Delta);
        });
        Receive<PullSlice>(pull => Sender.Tell(_value is null
            ? new Status.Failure(NotInitialized(pull.Key, pull.Slice))
            : ValueReply(pull.Key, pull.Slice)));
        // The rule state is changed in place by the next stateful update, so a reply gets a copy of it.
        Receive<PullSliceState>(pull => Sender.Tell(_value is null
            ? new Status.Failure(NotInitialized(pull.Key, pull.Slice))
            : new SliceValue(pull.Key, pull.Slice, _identity!.TotalLength, new ArraySegment<float>(_ruleState is null ? new float[_value.Length] : FloatArrays.CopyOf(_ruleState)))));
        Receive<RemoveSlice>(remove =>
        {
            ReplaceValue(null, owned: false);
            _identity = null;
            ResetSteps();
            Sender.Tell(new SliceAck(remove.Key, remove.Slice));
        });
        Receive<CatalogRemove>(remove =>
        {
            _catalog?.Remove(remove.Key);
            Sender.Tell(new SliceAck(remove.Key, -1));
        });
        Receive<CatalogAdd>(add =>
        {
            (_catalog ??= new(StringComparer.Ordinal))[add.Key] = add.Length;
            Sender.Tell(new SliceAck(add.Key, -1));
        });
        Receive<CatalogList>(_ => Sender.Tell(new CatalogEntries(new Dictionary<string, int>(_catalog ?? [], StringComparer.Ordinal))));
        Receive<CatalogEntries>(restore =>
        {
            _catalog ??= new(StringComparer.Ordinal);
            foreach (var (key, length) in restore.Entries) _catalog[key] = length;
        });
        Receive<VectorStoreHandOff>(_ => HandOff());
    }

    private object Push(PushSlice push, VectorUpdateRegistry updates)
    {
        if (_value is null) return new Status.Failure(NotInitialized(push.Key, push.Slice));
        if (push.TotalLength != _identity!.TotalLength)
            return new Status.Failure(new ArgumentException(
                $"push to '{push.Key}': the delta has {push.TotalLength} floats but the vector has {_identity.TotalLength}"));
        if (push.Delta.Count != _value.Length)
            return new Status.Failure(new ArgumentException(
                $"push to '{push.Key}' slice {push.Slice}: the delta slice has {push.Delta.Count} floats but the stored slice has {_value.Length} (clients with different slice sizes?)"));
        try
        {
            ApplyRule(updates.Resolve(push.Rule), push.Delta);
        }
        catch (ArgumentException error)
        {
            return new Status.Failure(error);
        }
        return new SliceAck(push.Key, push.Slice);
    }

    /// <summary>A reply carrying the value without a copy: from now on it is read-only (see <see cref="ValueShared"/>).</summary>
    private SliceValue ValueReply(string key, int slice)
    {
        ValueLease? lease = null;
        if (_valueOwned)
        {
            lease = _lease ??= new ValueLease(_value!);
            lease.Acquire();
        }
        return new SliceValue(key, slice, _identity!.TotalLength, new ArraySegment<float>(_value!)) { Lease = lease };
    }

    /// <summary>
    /// Makes <paramref name="next"/> the value (<paramref name="owned"/>: the entity's own array, changed in place until a
    /// reply gets it). The old value goes back to the pool if it was the entity's own, once no reply holds it.
    /// </summary>
    private void ReplaceValue(float[]? next, bool owned)
    {
        if (_value is not null && _valueOwned)
        {
            if (_lease is { } lease) lease.Retire();
            else FloatArrayPool.Return(_value);
        }
        _value = next;
        _valueOwned = owned;
        _lease = null;
    }

    private void HandOff()
    {
        // This incarnation never touches its arrays again, so the state travels without a copy.
        if (_value is not null) Context.Parent.Tell(new EntityHandOffState(_identity! with { Value = _value, Version = _version, Step = CurrentStep() }));
        if (_catalog is not null) Context.Parent.Tell(new EntityHandOffState(new CatalogEntries(_catalog)));
        Context.Stop(Self);
    }

    private static KeyNotFoundException NotInitialized(string key, int slice) =>
        new($"vector '{key}' slice {slice} is not initialized (never initialized, or the node holding it was lost: restore it from a snapshot)");
}
