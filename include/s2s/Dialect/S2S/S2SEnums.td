//===- S2SEnums.td - s2s enum attributes ------------------*- tablegen -*-===//
///
/// The closed vocabularies of the dialect, stored as strings (the IR reads
/// `gate_activation = "sigmoid"`) and verified by ODS; C++ sees them as enum
/// classes (S2SEnums.h.inc: symbolizeX / stringifyX).
///
//===----------------------------------------------------------------------===//
#ifndef S2S_ENUMS
#define S2S_ENUMS

include "mlir/IR/OpBase.td"

// genSpecializedAttr: accessors return the enum and builders take it (an
// XAttr class, a StringAttr that only holds one of the cases).
class S2S_StrEnum<string name, string summary, list<StrEnumAttrCase> cases>
    : StrEnumAttr<name, summary, cases> {
  let cppNamespace = "::s2s";
  let genSpecializedAttr = 1;
}

def S2S_GateActivationAttr : S2S_StrEnum<"GateActivation",
    "gate activation: sigmoid, hard_sigmoid or hard_sigmoid_v3", [
  StrEnumAttrCase<"Sigmoid", -1, "sigmoid">,
  StrEnumAttrCase<"HardSigmoid", -1, "hard_sigmoid">,
  StrEnumAttrCase<"HardSigmoidV3", -1, "hard_sigmoid_v3">]>;

def S2S_ActivationAttr : S2S_StrEnum<"Activation",
    "activation: linear or tanh", [
  StrEnumAttrCase<"Linear", -1, "linear">,
  StrEnumAttrCase<"Tanh", -1, "tanh">]>;

def S2S_PeekAttr : S2S_StrEnum<"Peek",
    "peek: none, concat or add", [
  StrEnumAttrCase<"None", -1, "none">,
  StrEnumAttrCase<"Concat", -1, "concat">,
  StrEnumAttrCase<"Add", -1, "add">]>;

def S2S_FirstInputAttr : S2S_StrEnum<"FirstInput",
    "first_input: bos, context or zeros", [
  StrEnumAttrCase<"Bos", -1, "bos">,
  StrEnumAttrCase<"Context", -1, "context">,
  StrEnumAttrCase<"Zeros", -1, "zeros">]>;

def S2S_InitStateAttr : S2S_StrEnum<"InitState",
    "init_state: encoder, top or zeros", [
  StrEnumAttrCase<"Encoder", -1, "encoder">,
  StrEnumAttrCase<"Top", -1, "top">,
  StrEnumAttrCase<"Zeros", -1, "zeros">]>;

def S2S_LengthPenaltyAttr : S2S_StrEnum<"LengthPenalty",
    "length_penalty: none, avg or gnmt", [
  StrEnumAttrCase<"None", -1, "none">,
  StrEnumAttrCase<"Avg", -1, "avg">,
  StrEnumAttrCase<"Gnmt", -1, "gnmt">]>;

def S2S_WeightRowsAttr : S2S_StrEnum<"WeightRows",
    "weight rows: plain, gates or recurrent", [
  StrEnumAttrCase<"Plain", -1, "plain">,
  StrEnumAttrCase<"Gates", -1, "gates">,
  StrEnumAttrCase<"Recurrent", -1, "recurrent">]>;

def S2S_KernelFamilyAttr : S2S_StrEnum<"KernelFamily",
    "kernel family: gather, matmul, matmul_add, lstm_step, project_argmax or "
    "log_softmax_top_k", [
  StrEnumAttrCase<"Gather", -1, "gather">,
  StrEnumAttrCase<"Matmul", -1, "matmul">,
  StrEnumAttrCase<"MatmulAdd", -1, "matmul_add">,
  StrEnumAttrCase<"LstmStep", -1, "lstm_step">,
  StrEnumAttrCase<"ProjectArgmax", -1, "project_argmax">,
  StrEnumAttrCase<"LogSoftmaxTopK", -1, "log_softmax_top_k">]>;

def S2S_SyncActionAttr : S2S_StrEnum<"SyncAction",
    "device_sync action: to_device, device_wrote, to_host, host_wrote or release", [
  StrEnumAttrCase<"ToDevice", -1, "to_device">,
  StrEnumAttrCase<"DeviceWrote", -1, "device_wrote">,
  StrEnumAttrCase<"ToHost", -1, "to_host">,
  StrEnumAttrCase<"HostWrote", -1, "host_wrote">,
  StrEnumAttrCase<"Release", -1, "release">]>;

#endif // S2S_ENUMS
