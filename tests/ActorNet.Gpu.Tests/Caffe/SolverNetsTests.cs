namespace ActorNet.Gpu.Tests.Caffe;

public sealed class SolverNetsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-solvernets").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Generic_net_file_beside_the_solver_serves_training_and_each_test_iter()
    {
        File.Copy(TestData.Path("lenet_train_test.prototxt"), Path.Combine(_dir, "lenet_train_test.prototxt"));
        string solverPath = Path.Combine(_dir, "solver.prototxt");
        File.WriteAllText(solverPath, "net: \"lenet_train_test.prototxt\" test_iter: 100 test_iter: 5 base_lr: 0.01 test_state { stage: \"a\" } test_state { level: 2 }");
        SolverParameter solver = ProtoLoader.LoadSolverPrototxt(solverPath);

        SolverNets nets = SolverNets.Resolve(solver, solverPath);
        Assert.Equal("LeNet", nets.Train.Name);
        Assert.Equal(Phase.Train, nets.Train.State.Phase);
        Assert.Equal(2, nets.Tests.Count);
        Assert.All(nets.Tests, t => Assert.Equal(Phase.Test, t.State.Phase));
        Assert.Equal(["a"], nets.Tests[0].State.Stage);
        Assert.Equal(2, nets.Tests[1].State.Level);
    }

    [Fact]
    public void Inline_train_and_test_nets_with_states()
    {
        SolverParameter solver = ProtoLoader.ParseSolverPrototxt("""
            train_net_param { name: "t" state { stage: "s" } }
            test_net_param { name: "v" }
            test_iter: 3
            train_state { level: 4 }
            """);
        SolverNets nets = SolverNets.Resolve(solver);
        Assert.Equal(("t", Phase.Train, 4), (nets.Train.Name, nets.Train.State.Phase, nets.Train.State.Level));
        Assert.Equal(["s"], nets.Train.State.Stage);
        Assert.Equal("v", nets.Tests.Single().Name);
    }

    [Theory]
    [InlineData("base_lr: 0.1", "no train net")]
    [InlineData("net_param { name: \"a\" } train_net_param { name: \"b\" }", "more than one train net")]
    [InlineData("train_net_param { name: \"a\" } test_net_param { name: \"b\" }", "test_iter must be given once per test net")]
    [InlineData("net_param { name: \"a\" } test_iter: 1 test_state { } test_state { }", "test_state")]
    [InlineData("net: \"missing.prototxt\"", "missing.prototxt")]
    public void Inconsistent_solvers_are_errors(string text, string mentions) =>
        Assert.Contains(mentions, Assert.Throws<PrototxtException>(() => SolverNets.Resolve(ProtoLoader.ParseSolverPrototxt(text), Path.Combine(_dir, "s.prototxt"))).Message);
}
