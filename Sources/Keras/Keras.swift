import KTensor
