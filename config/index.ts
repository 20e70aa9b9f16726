import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * TARO_APP_API_BASE checked at build time: WeChat sends wx.request only to registered https domains,
 * so anything else would build a mini-program that cannot reach its server.
 */
function apiBase(value: string | undefined): string {
  const v = (value ?? '').trim().replace(/\/+$/, '')
  if (v && !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(v)) {
    throw new Error(`TARO_APP_API_BASE must be an https origin such as https://kepu.example.gov.cn (no path), not ${v}`)
  }
  return v
}

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'kepu-huancui',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    env: {
      // The WeChat cloud environment id; empty means the default environment.
      TARO_APP_CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
      // A self-hosted service's HTTPS origin (https://kepu.example.gov.cn): the weapp then talks to it
      // over wx.request instead of calling cloud functions (src/services/transport.weapp.ts).
      TARO_APP_API_BASE: JSON.stringify(apiBase(process.env.TARO_APP_API_BASE)),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // Component styles use their own class names, so the order of extracted CSS does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      webpackChain(chain) {
        // Taro splits only initial chunks, so every lazily loaded page carried its own copy of the
        // H5 component runtime and our shared components; 'all' lets pages share those chunks.
        chain.optimization.merge({ splitChunks: { chunks: 'all', minSize: 8 * 1024 } })
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
