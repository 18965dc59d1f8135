# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = 'S2S'
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = ['.mlir', '.yaml', '.test']
config.excludes = ['CMakeLists.txt', 'lit.cfg.py', 'lit.site.cfg.py', 'Inputs', 'unit', 'numerical',
                   'fuzz']
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.s2s_obj_root, 'test')

config.substitutions.append(('%PATH%', config.environment['PATH']))
config.substitutions.append(('%inputs', os.path.join(config.test_source_root, 'Inputs')))
llvm_config.with_system_environment(['HOME', 'INCLUDE', 'LIB', 'TMP', 'TEMP'])
llvm_config.use_default_substitutions()

tool_dirs = [config.s2s_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(['s2sc', 's2s-opt', 's2s-run'], tool_dirs)
llvm_config.with_environment('PATH', config.llvm_tools_dir, append_path=True)
llvm_config.with_environment('PATH', config.s2s_tools_dir, append_path=True)
