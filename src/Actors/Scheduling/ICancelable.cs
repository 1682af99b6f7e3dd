namespace ActorNet.Actors;

/// <summary>A scheduled action that can be canceled.</summary>
public interface ICancelable
{
    /// <summary>Cancels the action; a canceled action does not run again.</summary>
    void Cancel();

    /// <summary>True once <see cref="Cancel"/> was called.</summary>
    bool IsCancellationRequested { get; }
}
