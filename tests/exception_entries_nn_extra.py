"""Exception battery entries (see test_exceptions.py) for lp_pool3d, the lazy instance norms, SyncBatchNorm,
the triplet loss with a distance function, NLLLoss2d and the deprecated upsample_* functions."""

ENTRIES = [
    ("lp_pool3d/kernel_too_big", "F.lp_pool3d(lib.ones(1, 1, 2, 2, 2), 2, 3)", ["size"]),
    ("LPPool3d/4d_kernel", "nn.LPPool3d(2, (2, 2, 2, 2))(lib.ones(1, 1, 4, 4, 4))", []),
    ("triplet_margin_with_distance_loss/dims", "F.triplet_margin_with_distance_loss(x, x, v)", ["2D", "1D"]),
    ("triplet_margin_with_distance_loss/margin", "F.triplet_margin_with_distance_loss(x, x, x, margin=0)",
     ["margin", "0"]),
    ("TripletMarginWithDistanceLoss/margin", "nn.TripletMarginWithDistanceLoss(margin=-1.0)", ["margin", "-1"]),
    ("TripletMarginWithDistanceLoss/reduction", "nn.TripletMarginWithDistanceLoss(reduction='x')(x, x, x)",
     ["reduction"]),
    ("upsample_nearest/no_size", "F.upsample_nearest(img)", ["size", "scale_factor"]),
    ("upsample_bilinear/3d_input", "F.upsample_bilinear(seq, size=4)", []),
    ("LazyInstanceNorm1d/dims", "nn.LazyInstanceNorm1d()(img)", ["4D"]),
    ("LazyInstanceNorm2d/dims", "nn.LazyInstanceNorm2d()(x)", ["2D"]),
    ("LazyInstanceNorm3d/dims", "nn.LazyInstanceNorm3d()(x)", ["2D"]),
    ("LazyInstanceNorm3d/unbatched_channels", "nn.LazyInstanceNorm3d()(img)", ["num_features"]),
    ("SyncBatchNorm/1d_input", "nn.SyncBatchNorm(3)(v)", ["2D", "1D"]),
    ("SyncBatchNorm/wrong_channels", "nn.SyncBatchNorm(3)(x)", []),
    ("F.pdist/3d", "F.pdist(lib.ones(2, 3, 4))", ["2D"]),
    ("NLLLoss2d/target_shape", "nn.NLLLoss2d()(img, lib.zeros(1, 4, 4, dtype=lib.long))", []),
]
