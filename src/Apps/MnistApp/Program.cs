// MnistApp's entry point. The distributed training it runs arrives with the training issue; until then it
// prints the options it will take, so the executable and its name already exist for scripts and docs.
Console.WriteLine("""
    usage: MnistApp [--master URL] [--workers N] [--mode averaging|ps|allreduce]
                [--sync-interval TAU] [--rounds R] [--data DIR] [--out DIR]

    Distributed training is not wired into MnistApp yet; see README.md for what runs today.
    """);
return args.Length == 0 || args is ["--help"] or ["-h"] ? 0 : 2;
