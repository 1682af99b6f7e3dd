using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

/// <summary>The stash of one actor cell; survives restarts (the new instance gets it back) and is dropped to dead letters on stop.</summary>
internal sealed class ActorStash : IStash
{
    // The cell whose current message is stashed and whose mailbox gets messages back.
    private readonly ActorCell _cell;
    // Stashed messages, oldest first.
    private readonly List<Envelope> _stashed = [];

    public ActorStash(ActorCell cell)
    {
        _cell = cell;
        cell.AttachStash(this);
    }

    public int Count => _stashed.Count;

    public void Stash()
    {
        var message = _cell.CurrentMessage ?? throw new InvalidOperationException("Stash() called outside message processing");
        _stashed.Add(new Envelope(message, _cell.Sender));
    }

    public void Unstash()
    {
        if (_stashed.Count == 0) return;
        _cell.Prepend([_stashed[0]]);
        _stashed.RemoveAt(0);
    }

    public void UnstashAll()
    {
        if (_stashed.Count == 0) return;
        _cell.Prepend(_stashed.ToArray());
        _stashed.Clear();
    }

    public void DropAllToDeadLetters()
    {
        foreach (var envelope in _stashed) _cell.System.DeadLetterRef.Publish(envelope.Message, envelope.Sender, _cell.Self);
        _stashed.Clear();
    }
}
