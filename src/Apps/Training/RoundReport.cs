namespace ActorNet.Training;

/// <summary>What one training round did, as <see cref="DistributedTrainer.RoundCompleted"/> reports it.</summary>
/// <param name="Round">The round just finished, from 1.</param>
/// <param name="Seconds">Seconds since <c>DistributedTrainer.Fit</c> started.</param>
/// <param name="Loss">The workers' mean training loss over the round's steps.</param>
/// <param name="TestAccuracy">Accuracy on the test data when it was evaluated after this round, else null.</param>
/// <param name="Workers">How many workers (partitions) trained in this round.</param>
public sealed record RoundReport(int Round, double Seconds, float Loss, float? TestAccuracy, int Workers = 0);
